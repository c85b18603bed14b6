//! Permissions a principal can hold, and which one each request needs.

use std::fmt;

use serde::{Serialize, Serializer};

/// One permission. `Admin` satisfies every check.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Permission {
    /// GET on vault resources.
    Read,
    /// POST/PUT/PATCH on vault resources.
    Write,
    /// DELETE on vault resources.
    Delete,
    /// Creating sandboxes.
    SandboxCreate,
    /// Sandbox lifecycle, execution and files.
    SandboxManage,
    /// Server-wide views and plugin installation.
    Admin,
}

impl Permission {
    /// Every permission, in a stable order.
    pub const ALL: [Permission; 6] = [
        Permission::Read,
        Permission::Write,
        Permission::Delete,
        Permission::SandboxCreate,
        Permission::SandboxManage,
        Permission::Admin,
    ];

    /// The name used in tokens and error messages.
    pub fn as_str(self) -> &'static str {
        match self {
            Permission::Read => "read",
            Permission::Write => "write",
            Permission::Delete => "delete",
            Permission::SandboxCreate => "sandbox:create",
            Permission::SandboxManage => "sandbox:manage",
            Permission::Admin => "admin",
        }
    }

    /// Parses a token's permission name; unknown names give `None`.
    pub fn parse(name: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|p| p.as_str() == name)
    }

    /// The permission an HTTP method needs on an ordinary vault resource.
    pub fn for_method(method: &warp::http::Method) -> Self {
        match *method {
            warp::http::Method::GET | warp::http::Method::HEAD | warp::http::Method::OPTIONS => {
                Permission::Read
            }
            warp::http::Method::DELETE => Permission::Delete,
            _ => Permission::Write,
        }
    }
}

impl fmt::Display for Permission {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl Serialize for Permission {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(self.as_str())
    }
}

/// The set of permissions a principal holds.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize)]
#[serde(transparent)]
pub struct Permissions(Vec<Permission>);

impl Permissions {
    /// A vault owner: everything but `admin`.
    pub fn owner() -> Self {
        Self(
            Permission::ALL
                .into_iter()
                .filter(|p| *p != Permission::Admin)
                .collect(),
        )
    }

    /// Every permission, `admin` included (dev mode).
    pub fn all() -> Self {
        Self(Permission::ALL.to_vec())
    }

    /// Exactly the named permissions; unknown names are ignored.
    pub fn from_names<'a>(names: impl IntoIterator<Item = &'a str>) -> Self {
        let mut set: Vec<Permission> = names.into_iter().filter_map(Permission::parse).collect();
        set.sort();
        set.dedup();
        Self(set)
    }

    /// Whether these permissions satisfy `needed`.
    pub fn allows(&self, needed: Permission) -> bool {
        self.0.contains(&needed) || self.0.contains(&Permission::Admin)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn owner_has_everything_but_admin() {
        let o = Permissions::owner();
        for p in Permission::ALL {
            assert_eq!(o.allows(p), p != Permission::Admin, "{p}");
        }
    }

    #[test]
    fn admin_satisfies_every_check() {
        let a = Permissions::from_names(["admin"]);
        assert!(Permission::ALL.into_iter().all(|p| a.allows(p)));
    }

    #[test]
    fn explicit_set_is_exact() {
        let p = Permissions::from_names(["read", "bogus", "read"]);
        assert!(p.allows(Permission::Read));
        assert!(!p.allows(Permission::Write));
        assert_eq!(
            serde_json::to_value(&p).unwrap(),
            serde_json::json!(["read"])
        );
    }

    #[test]
    fn methods_map_to_permissions() {
        use warp::http::Method;
        assert_eq!(Permission::for_method(&Method::GET), Permission::Read);
        assert_eq!(Permission::for_method(&Method::POST), Permission::Write);
        assert_eq!(Permission::for_method(&Method::PATCH), Permission::Write);
        assert_eq!(Permission::for_method(&Method::PUT), Permission::Write);
        assert_eq!(Permission::for_method(&Method::DELETE), Permission::Delete);
    }
}
