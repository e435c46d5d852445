#include "html_page.h"

#include <fmt/format.h>

#include "markup.h"

namespace thomas::html {
namespace {

// Screen: a readable column that reflows at any zoom (relative units, wrapping flex rows,
// tables that break long words). Print: the printer's paper (A4 or Letter) with margins that
// fit both, colours kept, nothing split across a page that can stay whole. Palette: Okabe-Ito.
constexpr std::string_view k_css = R"(
:root { --ink: #1a1a1a; --muted: #555; --line: #bbb; --pass: #009E73; --borderline: #E69F00;
  --fail: #D55E00; --leg: #0072B2; --soft: #f3f3f3; }
* { box-sizing: border-box; }
html { font-family: "DejaVu Sans", "Liberation Sans", Arial, sans-serif; font-size: 100%;
  color: var(--ink); background: #fff; line-height: 1.4;
  -webkit-print-color-adjust: exact; print-color-adjust: exact; }
body { margin: 0; }
main { max-width: 62rem; margin: 0 auto; padding: 1rem 1.25rem 2rem; }
h1 { font-size: 1.5rem; margin: 0 0 .25rem; }
h2 { font-size: 1.15rem; margin: 1.25rem 0 .5rem; border-bottom: 1px solid var(--line);
  padding-bottom: .2rem; }
h3 { font-size: 1rem; margin: .75rem 0 .25rem; }
p { margin: .3rem 0; }
.meta, .note, figcaption { color: var(--muted); font-size: .9rem; }
.verdict { border: 2px solid var(--ink); border-radius: .4rem; padding: .6rem .9rem; }
.verdict .headline { font-size: 1.2rem; font-weight: bold; }
.badge { display: inline-flex; align-items: center; gap: .35em; font-weight: bold;
  white-space: nowrap; }
.shape { display: inline-block; width: .95em; height: .95em; flex: none;
  border: 1.5px solid var(--ink); }
.s-pass { background: var(--pass); border-radius: 50%; }
.s-borderline { background: var(--borderline); clip-path: polygon(50% 0, 100% 100%, 0 100%);
  border: none; }
.s-fail { background: var(--fail); }
.s-not_measured { background: #fff; border-style: dashed; border-radius: 50%; }
.s-negative { background: var(--pass); border-radius: 50%; }
.s-borderline-result { background: var(--borderline);
  clip-path: polygon(50% 0, 100% 100%, 0 100%); border: none; }
.s-retest { background: var(--borderline); border: none;
  clip-path: polygon(50% 0, 100% 50%, 50% 100%, 0 50%); }
.s-positive { background: var(--fail); }
.s-refer { background: var(--fail); border: none;
  clip-path: polygon(30% 0, 70% 0, 100% 30%, 100% 70%, 70% 100%, 30% 100%, 0 70%, 0 30%); }
.legs, .notes { display: flex; flex-wrap: wrap; gap: 1rem; }
.notes > div { flex: 1 1 18rem; min-width: 0; }
.notes ul { margin: .2rem 0; padding-left: 1.2rem; }
.legs figure { flex: 1 1 18rem; margin: 0; min-width: 0; max-width: 34rem; }
figure { margin: 0; break-inside: avoid; }
svg { display: block; max-width: 100%; height: auto; }
.legs svg { width: 100%; }
.chart svg { width: 100%; }
.series { display: flex; flex-wrap: wrap; gap: 1rem; margin: .5rem 0; }
.series figure { flex: 1 1 30rem; min-width: 0; max-width: 44rem; }
@media (min-width: 40rem) {
  table.visits th { overflow-wrap: normal; }
  table.visits td:first-child { white-space: nowrap; }
}
.warnings { border-left: 4px solid var(--borderline); padding-left: .6rem; margin: .5rem 0; }
table { border-collapse: collapse; width: 100%; margin: .3rem 0; font-size: .92rem; }
th, td { text-align: left; vertical-align: top; padding: .25rem .4rem;
  border-bottom: 1px solid var(--line); overflow-wrap: anywhere; }
th { background: var(--soft); }
td.num, th.num { text-align: right; }
.share-bar { display: inline-block; height: .8em; background: var(--leg); vertical-align: middle; }
.steps { margin: .3rem 0; padding-left: 1.5rem; }
.sha { font-family: "DejaVu Sans Mono", monospace; overflow-wrap: anywhere; }
footer { margin-top: 1.5rem; border-top: 1px solid var(--line); padding-top: .5rem;
  font-size: .85rem; color: var(--muted); }
footer .judgement { color: var(--ink); font-weight: bold; }
.wide { overflow-x: auto; }
section { break-inside: auto; }
@media print {
  @page { margin: 12mm; }
  html { font-size: 8.5pt; line-height: 1.3; }
  td .note { display: none; }
  main { max-width: none; padding: 0; }
  h1 { font-size: 1.35rem; }
  h2 { margin: .5rem 0 .2rem; font-size: 1.05rem; }
  p { margin: .15rem 0; }
  .verdict { padding: .3rem .6rem; }
  .steps { columns: 2; margin: .1rem 0; }
  th, td { padding: .08rem .3rem; }
  .legs figure { flex-basis: 40%; }
  .legs svg { max-height: 36mm; }
  .series { gap: .5rem; }
  .series figure { flex-basis: 45%; }
  .series svg { max-height: 60mm; }
  footer { margin-top: .6rem; padding-top: .3rem; }
  footer p { margin: .1rem 0; }
  .patient { break-after: page; }
  .patient:last-of-type { break-after: auto; }
  tr, figure, .verdict, footer { break-inside: avoid; }
  .wide { overflow: visible; }
}
)";

std::string_view status_word(Status s) {
    switch (s) {
        case Status::pass:
            return "pass";
        case Status::borderline:
            return "borderline";
        case Status::fail:
            return "FAIL";
        case Status::not_measured:
            break;
    }
    return "not measured";
}

}  // namespace

std::string page_open(std::string_view title) {
    return fmt::format(
        "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n"
        "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
        "<title>{}</title>\n<style>{}</style>\n</head>\n<body>\n<main>\n",
        markup::escape(title), k_css);
}

std::string page_close(const RuleSet& rules, const ReportInfo& info) {
    using markup::escape;
    std::string out = "<footer>\n";
    out += fmt::format(
        "<p>Rule set <strong>{}</strong> version {} ({}), SHA-256 "
        "<span class=\"sha\">{}</span></p>\n",
        escape(rules.name), escape(rules.version), escape(rules.procedure), escape(rules.sha256));
    if (!rules.procedure_description.empty()) {
        out += fmt::format("<p>Procedure: {}</p>\n", escape(rules.procedure_description));
    }
    out += fmt::format("<p>Made {} by thomas {}{}</p>\n", escape(info.made), escape(info.version),
                       info.input.empty() ? "" : " from " + escape(info.input));
    out +=
        "<p class=\"judgement\">thomas supports a clinician's judgement; it does not "
        "diagnose.</p>\n";
    out += "</footer>\n</main>\n</body>\n</html>\n";
    return out;
}

std::string status_badge(Status status) {
    return fmt::format(
        "<span class=\"badge\"><span class=\"shape s-{}\" aria-hidden=\"true\"></span>{}</span>",
        to_string(status), status_word(status));
}

std::string result_badge(Result result) {
    std::string word(to_string(result));
    for (char& c : word) {
        c = static_cast<char>(c - ('a' <= c && c <= 'z' ? 'a' - 'A' : 0));
    }
    const std::string shape =
        result == Result::borderline ? "borderline-result" : std::string(to_string(result));
    return fmt::format(
        "<span class=\"badge\"><span class=\"shape s-{}\" aria-hidden=\"true\"></span>{}</span>",
        shape, word);
}

std::string headline_html(Result result, const std::string& headline) {
    // The rule set's words before the first ':' are the label ("POSITIVE"): shown bold with the
    // result's shape, so the word and the shape stand together.
    const auto colon = headline.find(':');
    const std::string shape =
        result == Result::borderline ? "borderline-result" : std::string(to_string(result));
    return fmt::format(
        "<span class=\"badge\"><span class=\"shape s-{}\" aria-hidden=\"true\"></span>{}</span>{}",
        shape, markup::escape(headline.substr(0, colon)),
        colon == std::string::npos ? "" : markup::escape(headline.substr(colon)));
}

}  // namespace thomas::html
