// RuleReader: the driver, reporting, typed getters, header, sources and ids (see rule_reader.h).
#include "rule_reader.h"

#include <fmt/format.h>

#include <algorithm>
#include <charconv>
#include <cmath>
#include <map>
#include <set>

#include "sha256.h"

namespace thomas::detail {

namespace {
constexpr int k_schema_version = 1;
}  // namespace

std::string too_large_message() {
    return fmt::format("file is larger than the {} byte limit for a rule file",
                       k_max_rule_file_bytes);
}

std::string format_number(double v) {
    return fmt::format("{:g}", v);
}

std::string band_text(double min, double max) {
    return fmt::format("[{}, {})", format_number(min), format_number(max));
}

std::string range_text(double min, double max) {
    return fmt::format("[{}, {}]", format_number(min), format_number(max));
}

RuleSet RuleReader::load(std::string_view text) {
    rules_.origin = file_;
    rules_.sha256 = sha256_hex(text);
    if (text.size() > k_max_rule_file_bytes) {
        error_at({}, too_large_message());
        return std::move(rules_);
    }
    if (auto deep = detail::check_nesting(text, k_max_rule_nesting)) {
        error_at(deep->pos, deep->message);
        return std::move(rules_);
    }
    YAML::Node root;
    try {
        root = YAML::Load(std::string(text));
    } catch (const YAML::DeepRecursion& e) {  // a backstop: check_nesting comes first
        error_at({e.mark.line + 1, e.mark.column + 1},
                 "nesting deeper than the YAML reader allows");
        return std::move(rules_);
    } catch (const YAML::Exception& e) {
        error_at({e.mark.line + 1, e.mark.column + 1}, "not valid YAML: " + e.msg);
        return std::move(rules_);
    }
    if (!root.IsMap()) {
        error_at({}, fmt::format("expected a mapping at the top level (schema:, name:, "
                                 "measures:, ...), found {}",
                                 root.IsNull() ? "an empty file" : kind_of(root)));
        return std::move(rules_);
    }
    check_section(root, "rule file");
    try {
        read_header(root);
        read_sources(root["sources"]);
        read_measures(root["measures"]);
        read_criteria(root["criteria"]);
        read_findings(root["findings"]);
        read_programme(root["programme"]);
        read_decision(root["decision"]);
        read_complete(root["complete"]);
        read_follow_up(root["follow_up"]);
        read_headlines(root["headlines"]);
        read_vocabulary(root["vocabulary"]);
        read_examples(root["examples"]);
    } catch (const YAML::Exception& e) {
        // A shape the checks above did not foresee: report it rather than crash, and keep
        // what was found so far.
        error_at({e.mark.line + 1, e.mark.column + 1},
                 "cannot read this part of the rule file: " + e.msg);
    }
    std::stable_sort(out_.diagnostics.begin(), out_.diagnostics.end(),
                     [](const Diagnostic& a, const Diagnostic& b) {
                         return std::tie(a.line, a.column) < std::tie(b.line, b.column);
                     });
    return std::move(rules_);
}

void RuleReader::error_at(SourcePos p, std::string message) {
    out_.diagnostics.push_back(
        {Diagnostic::Severity::error, file_, p.line, p.column, std::move(message)});
}

void RuleReader::error(const YAML::Node& at, std::string message) {
    error_at(detail::pos_of(at), std::move(message));
}

// Unknown keys are errors (a typo must never be silently ignored); required keys must be
// present. Returns false if `node` is not a mapping.
bool RuleReader::check_section(const YAML::Node& node, std::string_view section,
                               std::string_view what) {
    const SectionKeys& keys = section_keys(section);
    return check_keys(node, what.empty() ? section : what, keys.allowed, keys.required);
}

bool RuleReader::check_keys(const YAML::Node& node, std::string_view what, const Keys& allowed,
                            const Keys& required) {
    if (!node) {
        return false;  // a missing section: its parent reports the missing key
    }
    if (!node.IsMap()) {
        error(node, fmt::format("{}: expected a mapping, found {}", what, kind_of(node)));
        return false;
    }
    std::map<std::string, int> first_line;  // yaml-cpp keeps duplicates: the last would win
    bool unique = true;
    for (auto it = node.begin(); it != node.end(); ++it) {
        const std::string key = detail::scalar_text(it->first);
        if (auto [at, fresh] = first_line.emplace(key, detail::pos_of(it->first).line); !fresh) {
            // YAML forbids it; yaml-cpp accepts it and then cannot look the key up.
            error(it->first, fmt::format("duplicate key \"{}\" in {} (first given at line {})", key,
                                         what, at->second));
            unique = false;
            continue;
        }
        if (std::find(allowed.begin(), allowed.end(), key) != allowed.end()) {
            continue;
        }
        if (auto hint = detail::closest(key, allowed)) {
            error(it->first,
                  fmt::format("unknown key \"{}\" in {} (did you mean \"{}\"?)", key, what, *hint));
        } else {
            error(it->first, fmt::format("unknown key \"{}\" in {}; expected one of: {}", key, what,
                                         fmt::join(allowed, ", ")));
        }
    }
    if (!unique) {
        return false;
    }
    for (auto key : required) {
        if (!node[std::string(key)]) {
            error(node, fmt::format("{} is missing required key \"{}\"", what, key));
        }
    }
    return unique;
}

const char* RuleReader::kind_of(const YAML::Node& node) {
    if (!node || node.IsNull()) {
        return "nothing";
    }
    if (node.IsSequence()) {
        return "a list";
    }
    if (node.IsMap()) {
        return "a mapping";
    }
    return "a single value";
}

std::optional<std::string> RuleReader::get_string(const YAML::Node& parent, const char* key) {
    const YAML::Node n = parent[key];
    if (!n) {
        return std::nullopt;
    }
    if (!n.IsScalar()) {
        error(n, fmt::format("\"{}\": expected text, found {}", key, kind_of(n)));
        return std::nullopt;
    }
    return n.Scalar();
}

std::optional<double> RuleReader::number_of(const YAML::Node& n, std::string_view what) {
    if (!n.IsDefined() || !n.IsScalar()) {
        error(n, fmt::format("{}: expected a number, found {}", what, kind_of(n)));
        return std::nullopt;
    }
    const std::string& s = n.Scalar();
    double v = 0;
    auto [ptr, ec] = std::from_chars(s.data(), s.data() + s.size(), v);
    if (ec != std::errc() || ptr != s.data() + s.size() || !std::isfinite(v)) {
        error(n, fmt::format("{}: expected a number, found \"{}\"", what, s));
        return std::nullopt;
    }
    return v;
}

std::optional<double> RuleReader::get_number(const YAML::Node& parent, const char* key) {
    const YAML::Node n = parent[key];
    if (!n) {
        return std::nullopt;
    }
    return number_of(n, fmt::format("\"{}\"", key));
}

std::optional<bool> RuleReader::get_bool(const YAML::Node& parent, const char* key) {
    const YAML::Node n = parent[key];
    if (!n) {
        return std::nullopt;
    }
    try {
        return n.as<bool>();
    } catch (const YAML::Exception&) {
        error(n, fmt::format("\"{}\": expected yes/no (true/false), found \"{}\"", key,
                             detail::scalar_text(n)));
        return std::nullopt;
    }
}

// A scalar or a list of scalars.
std::vector<YAML::Node> RuleReader::items(const YAML::Node& n, std::string_view what) {
    std::vector<YAML::Node> out;
    if (!n) {
        return out;
    }
    if (n.IsScalar()) {
        out.push_back(n);
    } else if (n.IsSequence()) {
        for (const auto& item : n) {
            if (item.IsScalar()) {
                out.push_back(item);
            } else {
                error(item,
                      fmt::format("{}: expected a single value, found {}", what, kind_of(item)));
            }
        }
    } else {
        error(n, fmt::format("{}: expected a value or a list, found {}", what, kind_of(n)));
    }
    return out;
}

std::vector<std::string> RuleReader::read_source_refs(const YAML::Node& parent, const char* key) {
    std::vector<std::string> refs;
    for (const auto& n : items(parent[key], fmt::format("\"{}\"", key))) {
        const std::string id = n.Scalar();
        if (known_sources_.count(id) == 0) {
            error(n, fmt::format("unknown source \"{}\" (declare it under sources:)", id));
        }
        refs.push_back(id);
    }
    return refs;
}

void RuleReader::require_source(const YAML::Node& node, const std::vector<std::string>& refs,
                                std::string_view what) {
    if (refs.empty()) {
        error(node, fmt::format("{} must cite a source (source: ...)", what));
    }
}

void RuleReader::read_header(const YAML::Node& root) {
    if (auto schema = get_number(root, "schema")) {
        if (*schema != k_schema_version) {
            error(root["schema"], fmt::format("unsupported schema version {} (this thomas "
                                              "reads schema {})",
                                              format_number(*schema), k_schema_version));
        }
        rules_.schema = k_schema_version;  // a different version is an error above
    }
    rules_.name = get_string(root, "name").value_or("");
    rules_.version = get_string(root, "version").value_or("");
    rules_.title = get_string(root, "title").value_or(rules_.name);
    rules_.description = get_string(root, "description").value_or("");
    const YAML::Node proc = root["procedure"];
    if (proc && check_section(proc, "procedure")) {
        rules_.procedure = get_string(proc, "id").value_or("");
        rules_.procedure_description = get_string(proc, "description").value_or("");
    }
}

void RuleReader::read_sources(const YAML::Node& node) {
    if (!node) {
        return;
    }
    if (!node.IsMap()) {
        error(node,
              fmt::format("sources: expected a mapping of id: citation, found {}", kind_of(node)));
        return;
    }
    for (auto it = node.begin(); it != node.end(); ++it) {
        const std::string id = detail::scalar_text(it->first);
        if (!it->second.IsScalar()) {
            error(it->second, fmt::format("source \"{}\": expected the citation as text", id));
            continue;
        }
        // yaml-cpp keeps duplicate keys; two citations under one id would make every
        // reference to it ambiguous.
        if (!known_sources_.insert(id).second) {
            error(it->first, fmt::format("source \"{}\" is declared twice", id));
            continue;
        }
        rules_.sources.push_back({id, it->second.Scalar()});
    }
}

// An entry that check_keys refused (a duplicate key) is not read, so its id is never
// declared; remembering it keeps every later reference from adding an "unknown" error on
// top of the one that says what is wrong with the entry.
void RuleReader::remember_refused(const YAML::Node& n, const IdIndex& seen,
                                  std::set<std::string>& refused, std::string_view kind) {
    if (!n.IsMap()) {
        return;
    }
    for (auto it = n.begin(); it != n.end(); ++it) {
        if (detail::scalar_text(it->first) == "id" && it->second.IsScalar()) {
            const std::string& id = it->second.Scalar();
            // The entry is not read, so check_new_id never sees it: report its id clash here.
            if (seen.count(id) != 0 || refused.count(id) != 0) {
                error(it->second, fmt::format("duplicate {} id \"{}\"", kind, id));
            }
            refused.insert(id);
            return;  // a second "id" key is the duplicate key already reported
        }
    }
}

void RuleReader::check_new_id(const YAML::Node& at, const std::string& id, const IdIndex& seen,
                              const std::set<std::string>& refused, std::string_view kind) {
    if (id.empty()) {
        return;
    }
    if (seen.count(id) != 0 || refused.count(id) != 0) {
        error(at, fmt::format("duplicate {} id \"{}\"", kind, id));
    }
}

}  // namespace thomas::detail
