//! The profile file: written atomically, changed by read-modify-write under a lock, and never
//! overwritten when it cannot be read.

use sftoken_core::profiles::{find, Profile, ProfileError, ProfileStore, TargetSpec, FILE_NAME};
use sftoken_core::TargetKind;

fn add(all: &mut Vec<Profile>, profile: Profile) -> Result<(), ProfileError> {
    all.push(profile);
    Ok(())
}

fn spec(kind: TargetKind) -> TargetSpec {
    TargetSpec {
        kind,
        host: String::new(),
    }
}

#[test]
fn profiles_round_trip_through_the_file_with_a_version() {
    let dir = tempfile::tempdir().unwrap();
    let store = ProfileStore::at(dir.path());
    assert!(
        store.load().unwrap().profiles.is_empty(),
        "no file yet is no profiles"
    );
    let mut p = Profile::new("Acme prod", spec(TargetKind::Production));
    p.client_id = "3MVG9abc".into();
    p.username = "admin@acme.com".into();
    store.update(|all| add(all, p.clone())).unwrap();

    let text = std::fs::read_to_string(dir.path().join(FILE_NAME)).unwrap();
    let json: serde_json::Value = serde_json::from_str(&text).unwrap();
    assert_eq!(json["version"], 1);
    assert_eq!(json["profiles"][0]["name"], "Acme prod");
    assert_eq!(store.load().unwrap().profiles, vec![p]);
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let mode = std::fs::metadata(dir.path().join(FILE_NAME))
            .unwrap()
            .permissions()
            .mode();
        assert_eq!(mode & 0o777, 0o600, "the file is private to its user");
    }
    assert_eq!(
        std::fs::read_dir(dir.path()).unwrap().count(),
        2,
        "only the file and its lock: no temp file left"
    );
}

#[test]
fn an_unreadable_file_is_kept_aside_not_overwritten() {
    let dir = tempfile::tempdir().unwrap();
    let store = ProfileStore::at(dir.path());
    let garbage = "{\"version\": 1, \"profiles\": [ this is not json";
    std::fs::write(dir.path().join(FILE_NAME), garbage).unwrap();

    let loaded = store.load().unwrap();
    let kept = loaded.set_aside.expect("reported");
    assert!(kept.reason.starts_with("not valid JSON"), "{}", kept.reason);
    assert_eq!(
        std::fs::read_to_string(&kept.path).unwrap(),
        garbage,
        "kept byte for byte"
    );
    assert!(kept
        .path
        .file_name()
        .unwrap()
        .to_str()
        .unwrap()
        .starts_with("profiles.json.kept-"));
    assert!(
        kept.to_string().contains(&kept.path.display().to_string()),
        "the message says where"
    );

    store
        .update(|all| add(all, Profile::new("New", spec(TargetKind::Sandbox))))
        .unwrap();
    assert_eq!(
        std::fs::read_to_string(&kept.path).unwrap(),
        garbage,
        "still there after a write"
    );
    assert_eq!(store.load().unwrap().profiles.len(), 1);
}

#[test]
fn a_file_from_a_newer_version_is_kept_aside_and_its_profiles_still_read() {
    let dir = tempfile::tempdir().unwrap();
    let newer = r#"{"version": 2, "profiles": [{"id": "x-1", "name": "Future", "target": {"kind": "sandbox"}, "grant": "password", "hologram": true}]}"#;
    std::fs::write(dir.path().join(FILE_NAME), newer).unwrap();
    let loaded = ProfileStore::at(dir.path()).load().unwrap();
    let kept = loaded.set_aside.unwrap();
    assert!(kept.reason.contains("newer sftoken (format version 2"));
    assert_eq!(std::fs::read_to_string(kept.path).unwrap(), newer);
    assert_eq!(loaded.profiles[0].name, "Future");
}

#[test]
fn concurrent_writers_keep_every_change() {
    let dir = tempfile::tempdir().unwrap();
    let threads: Vec<_> = (0..4)
        .map(|t| {
            let path = dir.path().to_path_buf();
            std::thread::spawn(move || {
                let store = ProfileStore::at(path);
                for i in 0..15 {
                    let name = format!("writer {t} profile {i}");
                    store
                        .update(|all| add(all, Profile::new(&name, spec(TargetKind::Production))))
                        .unwrap();
                }
            })
        })
        .collect();
    for t in threads {
        t.join().unwrap();
    }
    let profiles = ProfileStore::at(dir.path()).load().unwrap().profiles;
    assert_eq!(profiles.len(), 60);
    assert!(
        find(&profiles, "WRITER 3 PROFILE 14").is_some(),
        "names are found case-insensitively"
    );
}
