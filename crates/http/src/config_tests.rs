//! The configuration's tests (apart, so `config.rs` stays one screenful of settings).

use super::*;

/// Secrets serialise as a mark that one is set, never as their value.
pub(super) fn redacted<S: serde::Serializer>(
    secret: &Option<SecretString>,
    s: S,
) -> Result<S::Ok, S::Error> {
    secret.as_ref().map(|_| "[REDACTED]").serialize(s)
}

/// Every field set to a value that is not its default. A struct literal: a new key does
/// not compile until it is here too.
fn everything_set() -> Config {
    Config {
        data_dir: "/from/env".into(),
        listen: "127.0.0.1:9999".parse().unwrap(),
        admin_email: Some("a@b.vn".into()),
        admin_password: Some("s3cret-pass".to_owned().into()),
        smtp_url: Some("smtp://127.0.0.1:2525".to_owned().into()),
        mail_from: Some("Giai thuong <a@b.vn>".into()),
        public_url: Some("https://giaithuong.example.vn".into()),
        secretariat_email: Some("thuky@b.vn".into()),
        mail_send_timeout_secs: 31,
        mail_retry_base_ms: 32,
        mail_retry_max_ms: 33,
        mail_digest_window_secs: 34,
        mail_reminder_days: 35,
        mail_min_interval_ms: 36,
        mail_tick_ms: 37,
        body_limit: 38,
        request_timeout_secs: 39,
        token_ttl_secs: 40,
        invitation_ttl_secs: 41,
        password_reset_ttl_secs: 47,
        require_totp_roles: vec![accolade_events::Role::Admin],
        signin_failures_per_account: 42,
        signin_failures_per_address: 43,
        signin_window_secs: 44,
        snapshots: false,
        trusted_proxies: vec!["10.0.0.0/8".parse().unwrap(), "::1".parse().unwrap()],
        objections_per_address: 45,
        objection_window_secs: 46,
        metrics_listen: Some("127.0.0.1:9090".parse().unwrap()),
        metrics_token: Some("metrics-token".to_owned().into()),
        schedule_interval_secs: 48,
        master_key: Some("a-master-key".to_owned().into()),
        master_key_file: Some("/outside/master.key".into()),
        erasure_policy: accolade_app::actions::persons::ErasurePolicy::EraseAll,
        key_backup_dir: Some("/backups/keys".into()),
        key_backup_retention_days: 3,
        response_cache_mb: 49,
    }
}

/// Issue 10 item 18: every key comes from `ACCOLADE_<KEY>` (`invitation_ttl_secs` and
/// `snapshots` did not), because the list of variables is the struct's own.
#[test]
#[allow(clippy::result_large_err)] // the closure's type is figment::Jail's, not ours
fn every_key_can_come_from_the_environment() {
    let expected = serde_json::to_value(everything_set()).unwrap();
    let expected = expected.as_object().unwrap();
    let mut keys: Vec<&str> = expected.keys().map(String::as_str).collect();
    let mut declared = Config::keys().to_vec();
    keys.sort_unstable();
    declared.sort_unstable();
    assert_eq!(keys, declared, "Config::keys() lists every field");
    figment::Jail::expect_with(|jail| {
        for (key, value) in expected {
            let text = match value {
                serde_json::Value::String(s) if s == "[REDACTED]" => "a-secret".to_owned(),
                serde_json::Value::String(s) => s.clone(),
                serde_json::Value::Array(items) => {
                    let items: Vec<String> = items.iter().map(|i| i.to_string()).collect();
                    format!("[{}]", items.join(", "))
                }
                other => other.to_string(),
            };
            jail.set_env(format!("ACCOLADE_{}", key.to_uppercase()), text);
        }
        jail.set_env("ACCOLADE_UNRELATED_SCRIPT_VARIABLE", "ignored");
        let loaded = Config::load(None, &Overrides::default()).unwrap();
        let got = serde_json::to_value(loaded).unwrap();
        for (key, want) in expected {
            assert_eq!(
                &got[key],
                want,
                "ACCOLADE_{} was not read",
                key.to_uppercase()
            );
        }
        Ok(())
    });
}

/// The example config names every key (set or commented out) and loads as it is.
#[test]
fn the_example_config_names_every_key() {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../ops/accolade.example.toml");
    let text = std::fs::read_to_string(&path).unwrap();
    let named = |key: &str| {
        text.lines().any(|l| {
            let l = l.trim_start_matches(['#', ' ']);
            l.starts_with(key) && l[key.len()..].trim_start().starts_with('=')
        })
    };
    let missing: Vec<_> = Config::keys().iter().filter(|k| !named(k)).collect();
    assert!(missing.is_empty(), "not in the example config: {missing:?}");
    Config::load(Some(&path), &Overrides::default()).unwrap();
}

/// In a `Jail`, like the environment test: it sets every `ACCOLADE_*` variable while it
/// runs, and a load outside the jail at that moment would read them.
#[test]
#[allow(clippy::result_large_err)] // the closure's type is figment::Jail's, not ours
fn file_then_command_line() {
    figment::Jail::expect_with(|_jail| {
        let dir = tempfile::tempdir().unwrap();
        let f = dir.path().join("a.toml");
        std::fs::write(
            &f,
            "data_dir = \"/from/file\"\nadmin_email = \"a@b.vn\"\nadmin_password = \"s3cret-pass\"\nbody_limit = 10\n",
        )
        .unwrap();
        let o = Overrides {
            data_dir: Some("/from/cli".into()),
            ..Overrides::default()
        };
        let c = Config::load(Some(&f), &o).unwrap();
        assert_eq!(c.data_dir, PathBuf::from("/from/cli"));
        assert_eq!(c.admin_email.as_deref(), Some("a@b.vn"));
        assert_eq!(c.body_limit, 10);
        assert!(!format!("{c:?}").contains("s3cret"), "secrets are redacted");
        Ok(())
    });
}
