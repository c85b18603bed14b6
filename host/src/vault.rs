//! The vault context: which tenant the current task works for.
//!
//! Each request handler runs inside [`scope`], a tokio task-local holding the
//! authenticated [`Principal`]. Code below the API reads it with
//! [`current`] / [`current_vault`]; outside a scope that is an error, never a
//! silent default. Tasks spawned on purpose inherit it through [`spawn`].

use std::fmt;
use std::future::Future;
use std::sync::Arc;

use crate::auth::Principal;

/// Longest accepted vault id.
pub const MAX_VAULT_ID_LEN: usize = 128;

/// A validated vault id: 1-128 chars of `[A-Za-z0-9._:@-]`.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct VaultId(Arc<str>);

/// Why a string is not a vault id.
#[derive(Debug, thiserror::Error, PartialEq, Eq)]
pub enum VaultIdError {
    /// Empty or longer than [`MAX_VAULT_ID_LEN`].
    #[error("vault id must be 1-{MAX_VAULT_ID_LEN} characters, got {0}")]
    Length(usize),
    /// Contains a character outside the allowed set.
    #[error("vault id may only contain letters, digits and . _ : @ - (found {0:?})")]
    Character(char),
}

impl VaultId {
    /// Validates `raw` as a vault id.
    pub fn parse(raw: &str) -> Result<Self, VaultIdError> {
        let len = raw.chars().count();
        if len == 0 || len > MAX_VAULT_ID_LEN {
            return Err(VaultIdError::Length(len));
        }
        if let Some(bad) = raw
            .chars()
            .find(|c| !(c.is_ascii_alphanumeric() || matches!(c, '.' | '_' | ':' | '@' | '-')))
        {
            return Err(VaultIdError::Character(bad));
        }
        Ok(Self(Arc::from(raw)))
    }

    /// The id as a string slice.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl fmt::Display for VaultId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

/// Reading the vault where no request (or job) set one.
#[derive(Debug, thiserror::Error, Clone, Copy, PartialEq, Eq)]
#[error("no vault context: this code must run inside vault::scope")]
pub struct NoVaultContext;

tokio::task_local! {
    static CURRENT: Arc<Principal>;
}

/// Runs `fut` with `principal` as the vault context.
pub async fn scope<F: Future>(principal: Arc<Principal>, fut: F) -> F::Output {
    CURRENT.scope(principal, fut).await
}

/// The principal of the current vault context.
pub fn current() -> Result<Arc<Principal>, NoVaultContext> {
    CURRENT.try_with(Arc::clone).map_err(|_| NoVaultContext)
}

/// The vault of the current context.
pub fn current_vault() -> Result<VaultId, NoVaultContext> {
    CURRENT
        .try_with(|p| p.vault_id.clone())
        .map_err(|_| NoVaultContext)
}

/// Spawns a task that keeps the caller's vault context.
pub fn spawn<F>(fut: F) -> Result<tokio::task::JoinHandle<F::Output>, NoVaultContext>
where
    F: Future + Send + 'static,
    F::Output: Send + 'static,
{
    let principal = current()?;
    Ok(tokio::spawn(CURRENT.scope(principal, fut)))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::auth::{Permissions, Principal};

    fn principal(v: &str) -> Arc<Principal> {
        Arc::new(Principal {
            vault_id: VaultId::parse(v).unwrap(),
            user_id: "u".into(),
            email: None,
            permissions: Permissions::owner(),
            tier: None,
        })
    }

    #[test]
    fn validates_ids() {
        assert!(VaultId::parse("vault-1.a_b:c@d").is_ok());
        assert_eq!(VaultId::parse(""), Err(VaultIdError::Length(0)));
        assert_eq!(
            VaultId::parse(&"a".repeat(129)),
            Err(VaultIdError::Length(129))
        );
        assert!(VaultId::parse(&"a".repeat(128)).is_ok());
        assert_eq!(VaultId::parse("a b"), Err(VaultIdError::Character(' ')));
        assert_eq!(VaultId::parse("a/b"), Err(VaultIdError::Character('/')));
        assert_eq!(VaultId::parse("é"), Err(VaultIdError::Character('é')));
    }

    #[tokio::test]
    async fn outside_scope_is_an_error() {
        assert_eq!(current_vault(), Err(NoVaultContext));
        assert!(spawn(async {}).is_err());
    }

    #[tokio::test(flavor = "multi_thread", worker_threads = 4)]
    async fn concurrent_scopes_never_mix() {
        let mut tasks = Vec::new();
        for i in 0..200 {
            tasks.push(tokio::spawn(async move {
                let id = format!("vault-{i}");
                scope(principal(&id), async {
                    for _ in 0..20 {
                        tokio::task::yield_now().await;
                        assert_eq!(current_vault().unwrap().as_str(), id);
                        let inner = spawn(async { current_vault().unwrap() }).unwrap();
                        assert_eq!(inner.await.unwrap().as_str(), id);
                    }
                })
                .await
            }));
        }
        for t in tasks {
            t.await.unwrap();
        }
    }
}
