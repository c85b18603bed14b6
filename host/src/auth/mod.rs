//! Request authentication: every request is turned into a [`Principal`] here
//! and nowhere else.
//!
//! Production: `Authorization: Bearer <JWT>` (HS256). Dev mode: the
//! `X-Vault-Id` header (default `dev-vault`) with every permission; a Bearer
//! token is still verified when a secret is configured.

mod claims;
mod jwt;
mod permissions;

use serde::Serialize;
use warp::http::HeaderMap;

pub use claims::principal_from_claims;
pub use jwt::{Hs256Verifier, LEEWAY_SECS};
pub use permissions::{Permission, Permissions};

use crate::vault::{VaultId, VaultIdError};

/// The vault used in dev mode when no `X-Vault-Id` header is sent.
pub const DEV_VAULT: &str = "dev-vault";
/// The user of dev-mode requests.
pub const DEV_USER: &str = "dev-user";
/// The dev-mode vault header.
pub const VAULT_HEADER: &str = "x-vault-id";

/// Who is calling, for which vault, with what rights.
#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Principal {
    /// The vault every operation of this request is confined to.
    #[serde(serialize_with = "ser_vault")]
    pub vault_id: VaultId,
    /// The calling user.
    pub user_id: String,
    /// Optional e-mail claim.
    pub email: Option<String>,
    /// What the caller may do.
    pub permissions: Permissions,
    /// Optional plan tier (free, pro, enterprise).
    pub tier: Option<String>,
}

fn ser_vault<S: serde::Serializer>(v: &VaultId, s: S) -> Result<S::Ok, S::Error> {
    s.serialize_str(v.as_str())
}

/// Why a request could not be authenticated.
#[derive(Debug, thiserror::Error)]
pub enum AuthError {
    /// No credentials at all.
    #[error("missing bearer token")]
    MissingToken,
    /// Credentials present but unusable; the string says why.
    #[error("invalid token: {0}")]
    InvalidToken(String),
    /// The vault named by the token or header is not a valid id.
    #[error("invalid vault id: {0}")]
    InvalidVaultId(VaultIdError),
}

/// Authenticates requests according to the configured mode.
#[derive(Debug)]
pub struct Authenticator {
    dev_mode: bool,
    verifier: Option<Hs256Verifier>,
}

impl Authenticator {
    /// Builds the authenticator; `secret` enables JWT verification.
    pub fn new(dev_mode: bool, secret: Option<&str>) -> Result<Self, AuthError> {
        let verifier = secret
            .map(Hs256Verifier::new)
            .transpose()
            .map_err(|e| AuthError::InvalidToken(format!("unusable JWT secret: {e}")))?;
        Ok(Self { dev_mode, verifier })
    }

    /// Whether dev-mode header auth is on.
    pub fn dev_mode(&self) -> bool {
        self.dev_mode
    }

    /// Authenticates from the request headers; `query_token` is the
    /// `?token=` fallback used by WebSocket clients.
    pub fn authenticate(
        &self,
        headers: &HeaderMap,
        query_token: Option<&str>,
    ) -> Result<Principal, AuthError> {
        let token = bearer(headers)?.or(query_token.filter(|t| !t.is_empty()));
        match (self.dev_mode, token, &self.verifier) {
            (_, Some(token), Some(verifier)) => principal_from_claims(&verifier.verify(token)?),
            (true, _, _) => self.dev_principal(headers),
            (false, None, _) => Err(AuthError::MissingToken),
            // Production always has a verifier (config refuses otherwise).
            (false, Some(_), None) => Err(AuthError::InvalidToken("no key configured".into())),
        }
    }

    fn dev_principal(&self, headers: &HeaderMap) -> Result<Principal, AuthError> {
        let raw = match headers.get(VAULT_HEADER) {
            None => DEV_VAULT,
            Some(v) => v
                .to_str()
                .map_err(|_| AuthError::InvalidVaultId(VaultIdError::Character('\u{fffd}')))?,
        };
        Ok(Principal {
            vault_id: VaultId::parse(raw).map_err(AuthError::InvalidVaultId)?,
            user_id: DEV_USER.into(),
            email: None,
            permissions: Permissions::all(),
            tier: None,
        })
    }
}

/// The token of an `Authorization: Bearer` header, if one was sent.
fn bearer(headers: &HeaderMap) -> Result<Option<&str>, AuthError> {
    let Some(value) = headers.get(warp::http::header::AUTHORIZATION) else {
        return Ok(None);
    };
    let value = value
        .to_str()
        .map_err(|_| AuthError::InvalidToken("authorization header is not ASCII".into()))?
        .trim();
    let (scheme, token) = value.split_once(' ').unwrap_or((value, ""));
    if !scheme.eq_ignore_ascii_case("bearer") {
        return Err(AuthError::InvalidToken(
            "authorization scheme must be Bearer".into(),
        ));
    }
    let token = token.trim();
    if token.is_empty() {
        return Err(AuthError::MissingToken);
    }
    Ok(Some(token))
}
