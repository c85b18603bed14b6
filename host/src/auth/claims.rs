//! Turning verified JWT claims into a [`Principal`](super::Principal).
//!
//! Issuers disagree on claim names, so each field is looked up in a fixed
//! order of alternatives (DESIGN section 5).

use serde_json::Value;

use super::{AuthError, Permissions, Principal};
use crate::vault::VaultId;

/// Where the vault id may be, in order of preference.
const VAULT_CLAIMS: [&[&str]; 4] = [&["vault_id"], &["vaultId"], &["user", "vaultId"], &["sub"]];
/// Where the user id may be, in order of preference.
const USER_CLAIMS: [&[&str]; 4] = [&["user_id"], &["userId"], &["user", "identifier"], &["sub"]];

fn lookup<'a>(claims: &'a Value, path: &[&str]) -> Option<&'a Value> {
    path.iter().try_fold(claims, |v, key| v.get(key))
}

fn first_string(claims: &Value, paths: &[&[&str]]) -> Option<String> {
    paths.iter().find_map(|p| match lookup(claims, p) {
        Some(Value::String(s)) if !s.is_empty() => Some(s.clone()),
        _ => None,
    })
}

/// Builds the principal from already verified claims.
pub fn principal_from_claims(claims: &Value) -> Result<Principal, AuthError> {
    let raw_vault = first_string(claims, &VAULT_CLAIMS).ok_or_else(|| {
        AuthError::InvalidToken("no vault claim (vault_id, vaultId, user.vaultId or sub)".into())
    })?;
    let vault_id = VaultId::parse(&raw_vault).map_err(AuthError::InvalidVaultId)?;
    // A token naming only a vault acts as that vault's own user.
    let user_id = first_string(claims, &USER_CLAIMS).unwrap_or_else(|| raw_vault.clone());

    let permissions = match (claims.get("permissions"), claims.get("scope")) {
        (Some(Value::Array(items)), _) => {
            let mut names = Vec::with_capacity(items.len());
            for item in items {
                match item {
                    Value::String(s) => names.push(s.as_str()),
                    _ => {
                        return Err(AuthError::InvalidToken(
                            "permissions claim must be an array of strings".into(),
                        ))
                    }
                }
            }
            Permissions::from_names(names)
        }
        (Some(Value::Null) | None, Some(Value::String(scope))) => {
            Permissions::from_names(scope.split_whitespace())
        }
        (Some(Value::Null) | None, None | Some(Value::Null)) => Permissions::owner(),
        (None | Some(Value::Null), Some(_)) => {
            return Err(AuthError::InvalidToken(
                "scope claim must be a space-separated string".into(),
            ))
        }
        (Some(_), _) => {
            return Err(AuthError::InvalidToken(
                "permissions claim must be an array of strings".into(),
            ))
        }
    };

    Ok(Principal {
        vault_id,
        user_id,
        email: claims
            .get("email")
            .and_then(Value::as_str)
            .map(str::to_owned),
        permissions,
        tier: claims
            .get("tier")
            .and_then(Value::as_str)
            .map(str::to_owned),
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::auth::Permission;
    use serde_json::json;

    #[test]
    fn vault_claim_precedence() {
        let p = principal_from_claims(&json!({"sub": "s", "vaultId": "v2", "vault_id": "v1"}));
        assert_eq!(p.unwrap().vault_id.as_str(), "v1");
        let p = principal_from_claims(&json!({"sub": "s", "user": {"vaultId": "v3"}}));
        assert_eq!(p.unwrap().vault_id.as_str(), "v3");
        let p = principal_from_claims(&json!({"sub": "s"})).unwrap();
        assert_eq!((p.vault_id.as_str(), p.user_id.as_str()), ("s", "s"));
    }

    #[test]
    fn user_claim_precedence() {
        let p = principal_from_claims(
            &json!({"sub": "s", "userId": "u2", "user": {"identifier": "u3"}}),
        );
        assert_eq!(p.unwrap().user_id, "u2");
        let p = principal_from_claims(&json!({"vault_id": "v", "user": {"identifier": "u3"}}));
        assert_eq!(p.unwrap().user_id, "u3");
    }

    #[test]
    fn missing_or_bad_vault() {
        assert!(matches!(
            principal_from_claims(&json!({})),
            Err(AuthError::InvalidToken(_))
        ));
        assert!(matches!(
            principal_from_claims(&json!({"vault_id": "a b"})),
            Err(AuthError::InvalidVaultId(_))
        ));
    }

    #[test]
    fn permission_sources() {
        let owner = principal_from_claims(&json!({"sub": "v"})).unwrap();
        assert_eq!(owner.permissions, Permissions::owner());
        let arr = principal_from_claims(&json!({"sub": "v", "permissions": ["read"]})).unwrap();
        assert!(arr.permissions.allows(Permission::Read));
        assert!(!arr.permissions.allows(Permission::Write));
        let scope = principal_from_claims(&json!({"sub": "v", "scope": "read delete"})).unwrap();
        assert!(scope.permissions.allows(Permission::Delete));
        assert!(!scope.permissions.allows(Permission::Write));
        let empty = principal_from_claims(&json!({"sub": "v", "permissions": []})).unwrap();
        assert!(!empty.permissions.allows(Permission::Read));
        assert!(principal_from_claims(&json!({"sub": "v", "permissions": "read"})).is_err());
        assert!(principal_from_claims(&json!({"sub": "v", "permissions": [1]})).is_err());
    }
}
