//! axe-core (the accessibility engine, from npm: tests/axe) run inside the app's page over
//! WebDriver: the WCAG 2.2 A/AA rules and axe's best practices, on whatever state the window is in.

use std::path::PathBuf;

use crate::harness::Window;

/// The rule sets every state must pass.
const TAGS: &[&str] = &[
    "wcag2a",
    "wcag2aa",
    "wcag21a",
    "wcag21aa",
    "wcag22aa",
    "best-practice",
];

fn axe_source() -> String {
    let path = PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("tests/axe/node_modules/axe-core/axe.min.js");
    std::fs::read_to_string(&path).unwrap_or_else(|e| {
        panic!(
            "{}: {e}: run ./scripts/test.sh, which installs axe-core into tests/axe",
            path.display()
        )
    })
}

/// axe's violations on the whole page as it is now: one line per rule (id, impact, help), then
/// one per element with what is wrong.
pub async fn violations(w: &Window) -> Vec<String> {
    let loaded = w
        .client
        .execute("return typeof window.axe === 'object';", vec![])
        .await
        .unwrap();
    if loaded != serde_json::Value::Bool(true) {
        let script = format!("{}\nreturn typeof window.axe;", axe_source());
        w.client.execute(&script, vec![]).await.unwrap();
    }
    let run = r#"
        const [tags, done] = arguments;
        axe.run(document, { runOnly: { type: 'tag', values: tags }, resultTypes: ['violations'] })
          .then((result) => done(result.violations.map((v) => ({
            id: v.id, impact: v.impact, help: v.help,
            nodes: v.nodes.map((n) => ({ target: n.target.join(' '), summary: n.failureSummary })),
          }))))
          .catch((error) => done({ error: String(error) }));
    "#;
    let found = w
        .client
        .execute_async(run, vec![serde_json::json!(TAGS)])
        .await
        .unwrap();
    if let Some(error) = found.get("error") {
        panic!("axe did not run: {error}");
    }
    let mut lines = Vec::new();
    for v in found.as_array().expect("axe's violations") {
        lines.push(format!("- {} ({}): {}", v["id"], v["impact"], v["help"]));
        for node in v["nodes"].as_array().into_iter().flatten() {
            lines.push(format!("    {}: {}", node["target"], node["summary"]));
        }
    }
    lines
}

/// Fails the test with every violation, named by `state` (which window state it was).
pub async fn assert_no_violations(w: &Window, state: &str) {
    let found = violations(w).await;
    assert!(
        found.is_empty(),
        "{state}: axe violations\n{}",
        found.join("\n")
    );
}
