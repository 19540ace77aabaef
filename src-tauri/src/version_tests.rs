//! One version everywhere a release writes it: the workspace's Cargo version (the command's
//! `--version`, the crates) and `tauri.conf.json`'s (the packages' file names and metadata). The
//! release checklist in the README bumps both; this says when one was forgotten.

#[test]
fn the_packages_carry_the_crates_version() {
    let conf = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tauri.conf.json");
    let conf: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(conf).unwrap()).unwrap();
    assert_eq!(
        conf["version"].as_str(),
        Some(env!("CARGO_PKG_VERSION")),
        "bump tauri.conf.json's version with Cargo.toml's [workspace.package] version"
    );
}
