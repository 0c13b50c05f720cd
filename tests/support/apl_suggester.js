// Validates APL documents with apl-suggester (a second opinion to tests/apl_rules.py).
// Usage: node apl_suggester.js NODE_PREFIX < [{token, document}, ...] ; prints results per token.
const path = process.argv[2];
const { StaticAplTemplateValidator } = require(require.resolve("apl-suggester", { paths: [path] }));
let input = "";
process.stdin.on("data", (d) => (input += d));
process.stdin.on("end", async () => {
  const directives = JSON.parse(input);
  const out = [];
  for (const d of directives) {
    const results = await new StaticAplTemplateValidator().validate(d.document);
    out.push({ token: d.token, results });
  }
  console.log(JSON.stringify(out));
});
