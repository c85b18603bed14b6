//! Authentication and permission rules (DESIGN section 5).

use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use base64::Engine;
use jsonwebtoken::{encode, Algorithm, EncodingKey, Header};
use reqwest::Method;
use serde_json::{json, Value};

use crate::common::{assert_error, now, send, token, token_with, Opts, Server, SECRET};

async fn whoami(s: &Server, token: &str) -> (u16, Value) {
    s.with_token(Method::GET, "/api/whoami", token, None).await
}

#[tokio::test]
async fn dev_mode_uses_header_and_defaults_to_dev_vault() {
    let s = Server::start(Opts::dev());
    let (st, body) = send(s.request(Method::GET, "/api/whoami")).await;
    assert_eq!(st, 200);
    assert_eq!(body["vaultId"], "dev-vault");
    assert_eq!(body["userId"], "dev-user");
    assert!(body["permissions"]
        .as_array()
        .unwrap()
        .contains(&json!("admin")));
    let (st, body) = s.get("/api/whoami", "tenant-42").await;
    assert_eq!((st, body["vaultId"].clone()), (200, json!("tenant-42")));
}

#[tokio::test]
async fn production_ignores_vault_header() {
    let s = Server::start(Opts::prod());
    let (st, body) = s.get("/api/sessions", "someone-else").await;
    assert_error(st, &body, 401, "MISSING_TOKEN");
    // A valid token wins; the header cannot redirect it to another vault.
    let (st, body) = send(
        s.request(Method::GET, "/api/whoami")
            .bearer_auth(token("mine"))
            .header("x-vault-id", "theirs"),
    )
    .await;
    assert_eq!((st, body["vaultId"].clone()), (200, json!("mine")));
}

#[tokio::test]
async fn claim_variants() {
    let s = Server::start(Opts::prod());
    let exp = now() + 600;
    let cases = [
        (
            json!({"vault_id": "a1", "user_id": "u1", "sub": "x", "exp": exp}),
            "a1",
            "u1",
        ),
        (
            json!({"vaultId": "a2", "userId": "u2", "sub": "x", "exp": exp}),
            "a2",
            "u2",
        ),
        (
            json!({"user": {"vaultId": "a3", "identifier": "u3"}, "sub": "x", "exp": exp}),
            "a3",
            "u3",
        ),
        (json!({"sub": "a4", "exp": exp}), "a4", "a4"),
    ];
    for (claims, vault, user) in cases {
        let (st, body) = whoami(&s, &token_with(SECRET, claims.clone())).await;
        assert_eq!(st, 200, "{claims} -> {body}");
        assert_eq!(body["vaultId"], vault, "{claims}");
        assert_eq!(body["userId"], user, "{claims}");
    }
    let (_, body) = whoami(
        &s,
        &token_with(
            SECRET,
            json!({"sub": "e", "email": "e@x.io", "tier": "pro", "exp": exp}),
        ),
    )
    .await;
    assert_eq!(
        (body["email"].clone(), body["tier"].clone()),
        (json!("e@x.io"), json!("pro"))
    );
}

#[tokio::test]
async fn token_problems_are_401_with_reason() {
    let s = Server::start(Opts::prod());
    let (st, body) = send(s.request(Method::GET, "/api/sessions")).await;
    assert_error(st, &body, 401, "MISSING_TOKEN");
    let (st, body) = send(
        s.request(Method::GET, "/api/sessions")
            .header("authorization", "Bearer "),
    )
    .await;
    assert_error(st, &body, 401, "MISSING_TOKEN");
    let (st, body) = send(
        s.request(Method::GET, "/api/sessions")
            .header("authorization", "Basic dXNlcjpwYXNz"),
    )
    .await;
    assert_error(st, &body, 401, "INVALID_TOKEN");

    let expired = token_with(SECRET, json!({"sub": "v", "exp": now() - 3600}));
    let (st, body) = whoami(&s, &expired).await;
    assert_error(st, &body, 401, "INVALID_TOKEN");
    assert_eq!(body["details"]["reason"], "token expired");

    let no_exp = token_with(SECRET, json!({"sub": "v"}));
    let (st, body) = whoami(&s, &no_exp).await;
    assert_error(st, &body, 401, "INVALID_TOKEN");
    assert_eq!(body["details"]["reason"], "missing exp claim");

    let wrong_key = token_with(
        "another-secret-that-is-long-enough-000",
        json!({"sub": "v", "exp": now() + 60}),
    );
    let (st, body) = whoami(&s, &wrong_key).await;
    assert_error(st, &body, 401, "INVALID_TOKEN");
    assert_eq!(body["details"]["reason"], "signature does not verify");

    let no_vault = token_with(SECRET, json!({"exp": now() + 60, "email": "a@b"}));
    let (st, body) = whoami(&s, &no_vault).await;
    assert_error(st, &body, 401, "INVALID_TOKEN");
    assert!(body["details"]["reason"]
        .as_str()
        .unwrap()
        .contains("no vault claim"));

    let (st, body) = whoami(&s, "not.a.jwt").await;
    assert_error(st, &body, 401, "INVALID_TOKEN");
}

#[tokio::test]
async fn alg_none_and_other_algorithms_are_rejected() {
    let s = Server::start(Opts::prod());
    let claims = json!({"sub": "victim", "exp": now() + 600});
    let b64 = |v: &Value| URL_SAFE_NO_PAD.encode(v.to_string());

    // Unsigned token.
    let none = format!(
        "{}.{}.",
        b64(&json!({"alg": "none", "typ": "JWT"})),
        b64(&claims)
    );
    let (st, body) = whoami(&s, &none).await;
    assert_error(st, &body, 401, "INVALID_TOKEN");

    // Same secret, different HMAC algorithm.
    let hs512 = encode(
        &Header::new(Algorithm::HS512),
        &claims,
        &EncodingKey::from_secret(SECRET.as_bytes()).unwrap(),
    )
    .unwrap();
    let (st, body) = whoami(&s, &hs512).await;
    assert_error(st, &body, 401, "INVALID_TOKEN");
    assert!(body["details"]["reason"]
        .as_str()
        .unwrap()
        .contains("algorithm"));

    // Algorithm confusion: header claims RS256 but the signature is HMAC
    // over the secret.
    let hs = encode(
        &Header::default(),
        &claims,
        &EncodingKey::from_secret(SECRET.as_bytes()).unwrap(),
    )
    .unwrap();
    let parts: Vec<&str> = hs.split('.').collect();
    let confused = format!(
        "{}.{}.{}",
        b64(&json!({"alg": "RS256", "typ": "JWT"})),
        parts[1],
        parts[2]
    );
    let (st, body) = whoami(&s, &confused).await;
    assert_error(st, &body, 401, "INVALID_TOKEN");
}

#[tokio::test]
async fn invalid_vault_ids_are_400() {
    let s = Server::start(Opts::prod());
    for bad in ["has space", "slash/inside", &"x".repeat(129), "tab\there"] {
        let t = token_with(
            SECRET,
            json!({"vault_id": bad, "sub": "u", "exp": now() + 60}),
        );
        let (st, body) = whoami(&s, &t).await;
        assert_error(st, &body, 400, "INVALID_VAULT_ID");
    }
    let ok = token_with(SECRET, json!({"vault_id": "A-z.0_9:@x", "exp": now() + 60}));
    assert_eq!(whoami(&s, &ok).await.0, 200);

    let dev = Server::start(Opts::dev());
    let (st, body) = dev.get("/api/sessions", "bad vault").await;
    assert_error(st, &body, 400, "INVALID_VAULT_ID");
    let (st, body) = dev.get("/api/sessions", &"v".repeat(129)).await;
    assert_error(st, &body, 400, "INVALID_VAULT_ID");
}

#[tokio::test]
async fn permissions_are_enforced_per_method() {
    let s = Server::start(Opts::prod());
    let exp = now() + 600;
    let owner = token("pv");
    let (st, created) = s
        .with_token(
            Method::POST,
            "/api/memories",
            &owner,
            Some(json!({"type": "semantic", "content": "x"})),
        )
        .await;
    assert_eq!(st, 201, "{created}");
    let path = format!("/api/memories/{}", created["id"].as_str().unwrap());

    let read_only = token_with(
        SECRET,
        json!({"sub": "pv", "permissions": ["read"], "exp": exp}),
    );
    assert_eq!(
        s.with_token(Method::GET, &path, &read_only, None).await.0,
        200
    );
    let (st, body) = s
        .with_token(
            Method::POST,
            "/api/memories",
            &read_only,
            Some(json!({"type": "semantic", "content": "y"})),
        )
        .await;
    assert_error(st, &body, 403, "FORBIDDEN");
    assert_eq!(body["details"]["required"], "write");
    let (st, body) = s
        .with_token(
            Method::PATCH,
            &path,
            &read_only,
            Some(json!({"importance": 1})),
        )
        .await;
    assert_error(st, &body, 403, "FORBIDDEN");
    let (st, body) = s.with_token(Method::DELETE, &path, &read_only, None).await;
    assert_error(st, &body, 403, "FORBIDDEN");
    assert_eq!(body["details"]["required"], "delete");

    // `scope` works like `permissions`.
    let writer = token_with(SECRET, json!({"sub": "pv", "scope": "write", "exp": exp}));
    let (st, body) = s.with_token(Method::GET, &path, &writer, None).await;
    assert_error(st, &body, 403, "FORBIDDEN");
    assert_eq!(body["details"]["required"], "read");
    assert_eq!(
        s.with_token(
            Method::PATCH,
            &path,
            &writer,
            Some(json!({"importance": 1}))
        )
        .await
        .0,
        200
    );

    // An empty permission list grants nothing.
    let nothing = token_with(SECRET, json!({"sub": "pv", "permissions": [], "exp": exp}));
    assert_eq!(
        s.with_token(Method::GET, &path, &nothing, None).await.0,
        403
    );

    // Admin satisfies every check.
    let admin = token_with(
        SECRET,
        json!({"sub": "pv", "permissions": ["admin"], "exp": exp}),
    );
    assert_eq!(
        s.with_token(Method::DELETE, &path, &admin, None).await.0,
        200
    );

    // The owner (no permission claims) holds everything but admin.
    let (_, me) = s.with_token(Method::GET, "/api/whoami", &owner, None).await;
    let perms: Vec<&str> = me["permissions"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| p.as_str().unwrap())
        .collect();
    assert_eq!(
        perms,
        [
            "read",
            "write",
            "delete",
            "sandbox:create",
            "sandbox:manage"
        ]
    );
}
