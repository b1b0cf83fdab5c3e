// Validates xAPI statements with @learninglocker/xapi-validation (pinned in
// web/package.json). Reads a JSON array of statements on stdin; prints the
// warnings of each invalid one and exits 1 if there are any. The Go tests
// (web/xapi, web/e2e) run it under Node.
const validate = require("@learninglocker/xapi-validation").default;
let input = "";
process.stdin.on("data", (d) => (input += d));
process.stdin.on("end", () => {
  const statements = JSON.parse(input);
  let bad = 0;
  statements.forEach((s, i) => {
    const warnings = validate(s);
    if (warnings.length > 0) {
      bad++;
      console.log(`statement ${i}: ` + warnings.map((w) => `${w.path.join(".")}: ${w.name}`).join("; "));
    }
  });
  console.log(`${statements.length} statements, ${bad} invalid`);
  process.exit(bad > 0 ? 1 : 0);
});
