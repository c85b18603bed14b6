//! HS256 JWT verification.

use jsonwebtoken::errors::ErrorKind;
use jsonwebtoken::{decode, Algorithm, DecodingKey, Validation};
use serde_json::Value;

use super::AuthError;

/// Clock skew tolerated on `exp` and `nbf`, in seconds.
pub const LEEWAY_SECS: u64 = 30;

/// Verifies HS256 tokens signed with one shared secret.
pub struct Hs256Verifier {
    key: DecodingKey,
    validation: Validation,
}

impl std::fmt::Debug for Hs256Verifier {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("Hs256Verifier { .. }")
    }
}

impl Hs256Verifier {
    /// A verifier for `secret`; only HS256 is accepted, `exp` is required.
    pub fn new(secret: &str) -> Result<Self, jsonwebtoken::errors::Error> {
        let mut validation = Validation::new(Algorithm::HS256);
        validation.leeway = LEEWAY_SECS;
        validation.validate_exp = true;
        validation.validate_nbf = true;
        validation.validate_aud = false;
        validation.set_required_spec_claims(&["exp"]);
        Ok(Self {
            key: DecodingKey::from_secret(secret.as_bytes())?,
            validation,
        })
    }

    /// Checks signature, algorithm and times; returns the claims.
    pub fn verify(&self, token: &str) -> Result<Value, AuthError> {
        if let Some(alg) = header_alg(token).filter(|a| a != "HS256") {
            return Err(AuthError::InvalidToken(format!(
                "algorithm not allowed (only HS256 is accepted, token says {alg})"
            )));
        }
        decode::<Value>(token, &self.key, &self.validation)
            .map(|data| data.claims)
            .map_err(|e| AuthError::InvalidToken(describe(e.kind()).into()))
    }
}

/// The `alg` of a token's header, read without trusting anything else, so
/// `none` and unknown algorithms get a precise reason.
fn header_alg(token: &str) -> Option<String> {
    use base64::Engine;
    let head = token.split('.').next()?;
    let bytes = base64::engine::general_purpose::URL_SAFE_NO_PAD
        .decode(head.trim_end_matches('='))
        .ok()?;
    let v: Value = serde_json::from_slice(&bytes).ok()?;
    v.get("alg")?.as_str().map(str::to_owned)
}

fn describe(kind: &ErrorKind) -> &'static str {
    match kind {
        ErrorKind::ExpiredSignature => "token expired",
        ErrorKind::ImmatureSignature => "token not valid yet (nbf)",
        ErrorKind::InvalidSignature => "signature does not verify",
        ErrorKind::InvalidAlgorithm | ErrorKind::InvalidAlgorithmName => {
            "algorithm not allowed (only HS256 is accepted)"
        }
        ErrorKind::MissingRequiredClaim(_) => "missing exp claim",
        ErrorKind::InvalidClaimFormat(_) => "a claim has the wrong type",
        _ => "malformed token",
    }
}
