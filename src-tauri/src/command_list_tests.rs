//! The window's commands are listed in four places that must agree, or a command silently fails at
//! run time: declared for tauri-build (`src-tauri/build.rs`), registered with
//! `tauri::generate_handler!` (`src-tauri/src/lib.rs`), allowed to the main window
//! (`src-tauri/capabilities/default.json`) and invoked by the UI (`ui/js/ipc.js`). This reads the
//! four files and names each command missing from a list.

use std::collections::BTreeSet;

/// Where each list lives, relative to the package root (where Cargo.toml is).
const BUILD_RS: &str = "src-tauri/build.rs";
const LIB_RS: &str = "src-tauri/src/lib.rs";
const CAPABILITY: &str = "src-tauri/capabilities/default.json";
const IPC_JS: &str = "ui/js/ipc.js";

fn read(path: &str) -> String {
    let full = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join(path);
    std::fs::read_to_string(&full).unwrap_or_else(|e| panic!("cannot read {path}: {e}"))
}

/// Drops `// …` comments (Rust and JavaScript) so that a commented-out entry does not count.
fn without_line_comments(source: &str) -> String {
    source
        .lines()
        .map(|line| line.split_once("//").map_or(line, |(code, _)| code))
        .collect::<Vec<_>>()
        .join("\n")
}

/// The text between `open` (its first occurrence after `start`) and the next `close`.
fn between<'a>(source: &'a str, start: &str, open: &str, close: &str) -> Option<&'a str> {
    let from = source.find(start)?;
    let rest = &source[from..];
    let body = &rest[rest.find(open)? + open.len()..];
    Some(&body[..body.find(close)?])
}

/// Every `"…"` literal in `text`.
fn string_literals(text: &str) -> Vec<String> {
    text.split('"')
        .skip(1)
        .step_by(2)
        .map(str::to_string)
        .collect()
}

/// `AppManifest::new().commands(&["a", "b", …])` in build.rs.
fn declared(build_rs: &str) -> BTreeSet<String> {
    let code = without_line_comments(build_rs);
    let list = between(&code, "AppManifest::new()", ".commands(&[", "]")
        .unwrap_or_else(|| panic!("no AppManifest::new().commands(&[...]) in {BUILD_RS}"));
    string_literals(list).into_iter().collect()
}

/// `tauri::generate_handler![path::to::a, b, …]` in lib.rs: the last segment of each path.
fn registered(lib_rs: &str) -> BTreeSet<String> {
    let code = without_line_comments(lib_rs);
    let list = between(&code, "generate_handler!", "[", "]")
        .unwrap_or_else(|| panic!("no tauri::generate_handler![...] in {LIB_RS}"));
    list.split(',')
        .map(|entry| entry.rsplit("::").next().unwrap_or_default().trim())
        .filter(|name| !name.is_empty())
        .map(str::to_string)
        .collect()
}

/// `"allow-a-b"` in the capability's permissions → `a_b` (`core:`/`plugin:` permissions are not
/// the app's commands; an object permission counts by its `identifier`).
fn allowed(capability_json: &str) -> BTreeSet<String> {
    let capability: serde_json::Value = serde_json::from_str(capability_json)
        .unwrap_or_else(|e| panic!("{CAPABILITY} is not JSON: {e}"));
    let permissions = capability["permissions"]
        .as_array()
        .unwrap_or_else(|| panic!("no \"permissions\" array in {CAPABILITY}"));
    permissions
        .iter()
        .filter_map(|p| p.as_str().or_else(|| p["identifier"].as_str()))
        .filter_map(|p| p.strip_prefix("allow-"))
        .map(|name| name.replace('-', "_"))
        .collect()
}

/// `invoke('name'` / `invoke("name"` in ipc.js, without Tauri's own `plugin:…` commands.
fn invoked(ipc_js: &str) -> BTreeSet<String> {
    let code = without_line_comments(ipc_js);
    code.split("invoke(")
        .skip(1)
        .filter_map(|call| {
            let call = call.trim_start();
            let quote = call.chars().next().filter(|c| matches!(c, '\'' | '"'))?;
            let name = &call[1..];
            Some(name[..name.find(quote)?].to_string())
        })
        .filter(|name| !name.starts_with("plugin:"))
        .collect()
}

/// The four lists, named for the messages, none of them empty.
fn lists() -> Vec<(String, BTreeSet<String>)> {
    let lists = vec![
        (
            format!("{BUILD_RS} (AppManifest commands)"),
            declared(&read(BUILD_RS)),
        ),
        (
            format!("{LIB_RS} (tauri::generate_handler!)"),
            registered(&read(LIB_RS)),
        ),
        (
            format!("{CAPABILITY} (allow-… permissions)"),
            allowed(&read(CAPABILITY)),
        ),
        (format!("{IPC_JS} (invoke calls)"), invoked(&read(IPC_JS))),
    ];
    for (name, list) in &lists {
        assert!(
            !list.is_empty(),
            "found no commands in {name}: has its format changed?"
        );
    }
    lists
}

/// One line per command that some list has and another lacks.
fn disagreements(lists: &[(String, BTreeSet<String>)]) -> Vec<String> {
    let all: BTreeSet<&String> = lists.iter().flat_map(|(_, list)| list).collect();
    all.into_iter()
        .filter_map(|command| {
            let (has, lacks): (Vec<_>, Vec<_>) =
                lists.iter().partition(|(_, list)| list.contains(command));
            if lacks.is_empty() {
                return None;
            }
            let names = |v: Vec<&(String, BTreeSet<String>)>| {
                v.into_iter()
                    .map(|(name, _)| name.as_str())
                    .collect::<Vec<_>>()
                    .join(", ")
            };
            Some(format!(
                "`{command}` is missing from {} (it is in {})",
                names(lacks),
                names(has)
            ))
        })
        .collect()
}

#[test]
fn the_command_lists_of_build_rs_lib_rs_the_capability_and_ipc_js_agree() {
    let problems = disagreements(&lists());
    assert!(
        problems.is_empty(),
        "the window's command lists disagree:\n{}",
        problems.join("\n")
    );
}

#[test]
fn command_list_parsers_read_each_format() {
    let build_rs = r#"
        .app_manifest(tauri_build::AppManifest::new().commands(&[
            "app_info",
            // "old_one",
            "send_request", "whoami",
        ]));"#;
    let lib_rs = "let x = [1, 2];\n.invoke_handler(tauri::generate_handler![\n    commands::settings::app_info,\n    // commands::old::old_one,\n    send_request,\n    commands::answer::whoami\n])";
    let json = r#"{ "permissions": ["core:event:allow-listen", "allow-app-info",
        { "identifier": "allow-send-request" }, "deny-whoami", "allow-whoami"] }"#;
    let ipc_js = "const { invoke } = x;\ninvoke('plugin:event|listen', {});\na: () => invoke('app_info'),\n// b: () => invoke('old_one'),\nc: (f) => invoke( \"send_request\", { f }),\nd: () => invoke('whoami'),";
    let expected: BTreeSet<String> = ["app_info", "send_request", "whoami"]
        .map(String::from)
        .into();
    assert_eq!(declared(build_rs), expected);
    assert_eq!(registered(lib_rs), expected);
    assert_eq!(allowed(json), expected);
    assert_eq!(invoked(ipc_js), expected);
}

#[test]
fn command_list_disagreements_name_the_command_and_the_list() {
    let set = |v: &[&str]| v.iter().map(|s| s.to_string()).collect::<BTreeSet<_>>();
    let lists = vec![
        ("build.rs".to_string(), set(&["a", "b"])),
        ("lib.rs".to_string(), set(&["a", "b"])),
        ("default.json".to_string(), set(&["a"])),
        ("ipc.js".to_string(), set(&["a", "b", "c"])),
    ];
    assert_eq!(
        disagreements(&lists),
        [
            "`b` is missing from default.json (it is in build.rs, lib.rs, ipc.js)",
            "`c` is missing from build.rs, lib.rs, default.json (it is in ipc.js)",
        ]
    );
}
