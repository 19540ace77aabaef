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
fn a_file_from_a_newer_version_is_read_but_never_renamed_or_written() {
    let dir = tempfile::tempdir().unwrap();
    let newer = r#"{"version": 2, "profiles": [{"id": "x-1", "name": "Future", "target": {"kind": "sandbox"}, "grant": "password", "hologram": true}]}"#;
    let file = dir.path().join(FILE_NAME);
    std::fs::write(&file, newer).unwrap();
    let store = ProfileStore::at(dir.path());
    for _ in 0..2 {
        let loaded = store.load().unwrap();
        let kept = loaded.set_aside.unwrap();
        assert!(kept.left_in_place && kept.path == file, "{kept:?}");
        assert!(
            kept.reason.contains("newer sftoken, format version 2"),
            "{}",
            kept.reason
        );
        assert_eq!(
            loaded.profiles[0].name, "Future",
            "still read, run after run"
        );
    }
    let refused = store.update(|all| add(all, Profile::new("Old", spec(TargetKind::Sandbox))));
    assert!(
        matches!(refused, Err(ProfileError::NewerFormat { version: 2, .. })),
        "{refused:?}"
    );
    assert_eq!(
        std::fs::read_to_string(&file).unwrap(),
        newer,
        "byte for byte"
    );
    assert_eq!(
        std::fs::read_dir(dir.path()).unwrap().count(),
        2,
        "no other file but the lock"
    );
}

#[test]
fn the_profiles_read_from_a_damaged_file_are_saved_and_the_original_kept_aside() {
    let dir = tempfile::tempdir().unwrap();
    let damaged = r#"{"version": 1, "profiles": [{"id": "a-1", "name": "Kept", "target": {"kind": "sandbox"}}, {"name": 5}]}"#;
    std::fs::write(dir.path().join(FILE_NAME), damaged).unwrap();
    let store = ProfileStore::at(dir.path());
    let first = store.load().unwrap();
    let kept = first.set_aside.expect("reported once");
    assert!(!kept.left_in_place);
    assert_eq!(kept.reason, "1 of 2 profile(s) could not be read");
    assert_eq!(std::fs::read_to_string(&kept.path).unwrap(), damaged);
    let again = store.load().unwrap();
    assert!(
        again.set_aside.is_none(),
        "repaired: nothing to report the second time"
    );
    assert_eq!(again.profiles.len(), 1);
    assert_eq!(
        again.profiles[0].name, "Kept",
        "the recovered profile did not vanish"
    );
}

#[test]
fn the_temporary_file_is_new_random_and_never_follows_a_planted_link() {
    let dir = tempfile::tempdir().unwrap();
    let victim = dir.path().join("victim.txt");
    std::fs::write(&victim, "do not touch").unwrap();
    #[cfg(unix)]
    for pid in [std::process::id(), 1, 2, 3] {
        let planted = dir.path().join(format!("{FILE_NAME}.tmp-{pid}"));
        std::os::unix::fs::symlink(&victim, planted).unwrap();
    }
    let store = ProfileStore::at(dir.path());
    store
        .update(|all| add(all, Profile::new("Safe", spec(TargetKind::Production))))
        .unwrap();
    assert_eq!(std::fs::read_to_string(&victim).unwrap(), "do not touch");
    assert_eq!(store.load().unwrap().profiles[0].name, "Safe");
    let leftovers: Vec<String> = std::fs::read_dir(dir.path())
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| {
            n.starts_with(&format!("{FILE_NAME}.tmp-"))
                && !n.ends_with(&format!("-{}", std::process::id()))
                && !["1", "2", "3"]
                    .iter()
                    .any(|p| n.ends_with(&format!("-{p}")))
        })
        .collect();
    assert!(
        leftovers.is_empty(),
        "no temporary file left: {leftovers:?}"
    );
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
