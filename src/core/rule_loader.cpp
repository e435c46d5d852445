// Rule loader: strict YAML -> RuleSet. Every problem is collected with its place, so an
// author fixes a file in one pass instead of one error per run.
#include "thomas/rule_loader.h"

#include <fmt/format.h>

#include <algorithm>
#include <charconv>
#include <cmath>
#include <filesystem>
#include <fstream>
#include <map>
#include <set>
#include <sstream>

#include "sha256.h"
#include "yaml_support.h"

namespace thomas {

std::string Diagnostic::to_string() const {
    const char* kind = severity == Severity::error ? "error" : "warning";
    if (line == 0) {
        return fmt::format("{}: {}: {}", file, kind, message);
    }
    return fmt::format("{}:{}:{}: {}: {}", file, line, column, kind, message);
}

namespace {

std::string join_messages(const std::vector<Diagnostic>& diagnostics) {
    std::string text;
    for (const auto& d : diagnostics) {
        if (!text.empty()) {
            text += '\n';
        }
        text += d.to_string();
    }
    return text;
}

}  // namespace

RuleError::RuleError(std::vector<Diagnostic> diagnostics)
    : std::runtime_error(join_messages(diagnostics)), diagnostics_(std::move(diagnostics)) {}

bool LoadResult::ok() const {
    return std::none_of(diagnostics.begin(), diagnostics.end(), [](const Diagnostic& d) {
        return d.severity == Diagnostic::Severity::error;
    });
}

const std::string& RuleSet::citation(const std::string& source_id) const {
    for (const auto& s : sources) {
        if (s.id == source_id) {
            return s.citation;
        }
    }
    return source_id;
}

namespace {

using Keys = std::vector<std::string_view>;
constexpr int k_schema_version = 1;

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

// A plausible range includes both ends.
std::string range_text(double min, double max) {
    return fmt::format("[{}, {}]", format_number(min), format_number(max));
}

class Loader {
public:
    Loader(std::string file, LoadResult& out) : file_(std::move(file)), out_(out) {}

    RuleSet load(std::string_view text) {
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
        check_keys(
            root, "rule file",
            {"schema", "name", "version", "title", "description", "procedure", "sources",
             "measures", "criteria", "findings", "programme", "decision", "complete", "examples"},
            {"schema", "name", "version", "procedure", "sources", "measures", "criteria",
             "findings", "programme", "decision"});
        try {
            read_header(root);
            read_sources(root["sources"]);
            read_measures(root["measures"]);
            read_criteria(root["criteria"]);
            read_findings(root["findings"]);
            read_programme(root["programme"]);
            read_decision(root["decision"]);
            read_complete(root["complete"]);
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

private:
    // ---- reporting -------------------------------------------------------------------
    void error_at(SourcePos p, std::string message) {
        out_.diagnostics.push_back(
            {Diagnostic::Severity::error, file_, p.line, p.column, std::move(message)});
    }
    void error(const YAML::Node& at, std::string message) {
        error_at(detail::pos_of(at), std::move(message));
    }

    // Unknown keys are errors (a typo must never be silently ignored); required keys must be
    // present. Returns false if `node` is not a mapping.
    bool check_keys(const YAML::Node& node, std::string_view what, const Keys& allowed,
                    const Keys& required = {}) {
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
            if (auto [at, fresh] = first_line.emplace(key, detail::pos_of(it->first).line);
                !fresh) {
                // YAML forbids it; yaml-cpp accepts it and then cannot look the key up.
                error(it->first, fmt::format("duplicate key \"{}\" in {} (first given at line {})",
                                             key, what, at->second));
                unique = false;
                continue;
            }
            if (std::find(allowed.begin(), allowed.end(), key) != allowed.end()) {
                continue;
            }
            if (auto hint = detail::closest(key, allowed)) {
                error(it->first, fmt::format("unknown key \"{}\" in {} (did you mean \"{}\"?)", key,
                                             what, *hint));
            } else {
                error(it->first, fmt::format("unknown key \"{}\" in {}; expected one of: {}", key,
                                             what, fmt::join(allowed, ", ")));
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

    static const char* kind_of(const YAML::Node& node) {
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

    // ---- typed getters (absent key -> nullopt, silently; presence is check_keys' job) ----
    std::optional<std::string> get_string(const YAML::Node& parent, const char* key) {
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

    std::optional<double> number_of(const YAML::Node& n, std::string_view what) {
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

    std::optional<double> get_number(const YAML::Node& parent, const char* key) {
        const YAML::Node n = parent[key];
        if (!n) {
            return std::nullopt;
        }
        return number_of(n, fmt::format("\"{}\"", key));
    }

    std::optional<bool> get_bool(const YAML::Node& parent, const char* key) {
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
    std::vector<YAML::Node> items(const YAML::Node& n, std::string_view what) {
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
                    error(item, fmt::format("{}: expected a single value, found {}", what,
                                            kind_of(item)));
                }
            }
        } else {
            error(n, fmt::format("{}: expected a value or a list, found {}", what, kind_of(n)));
        }
        return out;
    }

    template <typename E>
    std::optional<E> id_of(const YAML::Node& n, std::string_view kind,
                           std::optional<E> (*parse)(std::string_view), std::string_view accepted) {
        auto v = parse(n.Scalar());
        if (!v) {
            error(n, fmt::format("unknown {} \"{}\" (expected one of: {})", kind, n.Scalar(),
                                 accepted));
        }
        return v;
    }

    std::vector<std::string> read_source_refs(const YAML::Node& parent) {
        std::vector<std::string> refs;
        for (const auto& n : items(parent["source"], "\"source\"")) {
            const std::string id = n.Scalar();
            if (known_sources_.count(id) == 0) {
                error(n, fmt::format("unknown source \"{}\" (declare it under sources:)", id));
            }
            refs.push_back(id);
        }
        return refs;
    }

    void require_source(const YAML::Node& node, const std::vector<std::string>& refs,
                        std::string_view what) {
        if (refs.empty()) {
            error(node, fmt::format("{} must cite a source (source: ...)", what));
        }
    }

    // ---- sections --------------------------------------------------------------------
    void read_header(const YAML::Node& root) {
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
        if (proc && check_keys(proc, "procedure", {"id", "description"}, {"id", "description"})) {
            rules_.procedure = get_string(proc, "id").value_or("");
            rules_.procedure_description = get_string(proc, "description").value_or("");
        }
    }

    void read_sources(const YAML::Node& node) {
        if (!node) {
            return;
        }
        if (!node.IsMap()) {
            error(node, fmt::format("sources: expected a mapping of id: citation, found {}",
                                    kind_of(node)));
            return;
        }
        for (auto it = node.begin(); it != node.end(); ++it) {
            const std::string id = detail::scalar_text(it->first);
            if (!it->second.IsScalar()) {
                error(it->second, fmt::format("source \"{}\": expected the citation as text", id));
                continue;
            }
            known_sources_.insert(id);
            rules_.sources.push_back({id, it->second.Scalar()});
        }
    }

    void read_measures(const YAML::Node& node) {
        if (!node) {
            return;
        }
        if (!node.IsMap()) {
            error(node, fmt::format("measures: expected a mapping, found {}", kind_of(node)));
            return;
        }
        for (auto it = node.begin(); it != node.end(); ++it) {
            const std::string name = detail::scalar_text(it->first);
            auto id = parse_measure(name);
            if (!id) {
                auto hint = detail::closest(name, measure_names());
                error(it->first, hint ? fmt::format("unknown measure \"{}\" (did you mean \"{}\"?)",
                                                    name, *hint)
                                      : fmt::format("unknown measure \"{}\" (expected one of: {})",
                                                    name, accepted_measures()));
                continue;
            }
            read_measure(*id, it->second);
        }
    }

    static const Keys& measure_names() {
        static const Keys names{"thigh_angle", "knee_flexion", "rotation", "abduction",
                                "lumbar_flat"};
        return names;
    }

    void read_measure(Measure id, const YAML::Node& n) {
        MeasureDef& def = rules_.measures[static_cast<std::size_t>(id)];
        const bool boolean = id == Measure::lumbar_flat;
        const std::string what = fmt::format("measure \"{}\"", to_string(id));
        const Keys allowed = boolean
                                 ? Keys{"label", "aliases", "source"}
                                 : Keys{"label", "unit", "range", "aliases", "asymmetry", "source"};
        if (!check_keys(n, what, allowed, boolean ? Keys{"label"} : Keys{"label", "range"})) {
            return;
        }
        def.id = id;
        def.declared = true;
        def.label = get_string(n, "label").value_or(std::string(to_string(id)));
        def.unit = boolean ? "" : get_string(n, "unit").value_or("deg");
        if (boolean) {
            def.min = 0;
            def.max = 1;
        } else if (const YAML::Node range = n["range"]) {
            if (!range.IsSequence() || range.size() != 2) {
                error(range, fmt::format("{}: range must be [min, max]", what));
            } else {
                auto lo = number_of(range[0], "range min");
                auto hi = number_of(range[1], "range max");
                if (lo && hi) {
                    if (*lo >= *hi) {
                        error(range, fmt::format("{}: range min {} must be below max {}", what,
                                                 format_number(*lo), format_number(*hi)));
                    }
                    def.min = *lo;
                    def.max = *hi;
                }
            }
        }
        for (const auto& a : items(n["aliases"], "aliases")) {
            def.aliases.push_back(a.Scalar());
        }
        if (auto asym = get_number(n, "asymmetry")) {
            if (*asym <= 0) {
                error(n["asymmetry"], fmt::format("{}: asymmetry must be above 0", what));
            }
            def.asymmetry = asym;
        }
        def.sources = read_source_refs(n);
        if (n["range"]) {
            require_source(n, def.sources, what + " (its plausible range)");
        }
    }

    void read_criteria(const YAML::Node& node) {
        if (!node) {
            return;
        }
        if (!node.IsSequence()) {
            error(node, fmt::format("criteria: expected a list, found {}", kind_of(node)));
            return;
        }
        for (const auto& n : node) {
            read_criterion(n);
        }
    }

    void read_criterion(const YAML::Node& n) {
        if (!check_keys(n, "criterion",
                        {"id", "title", "measure", "minus", "range", "cutoff", "bands", "pass_when",
                         "messages", "source"},
                        {"id", "title", "measure", "source"})) {
            remember_refused(n, refused_criteria_);
            return;
        }
        Criterion c;
        c.pos = detail::pos_of(n);
        c.id = get_string(n, "id").value_or("");
        c.title = get_string(n, "title").value_or("");
        check_new_id(n["id"], c.id, criterion_index_, "criterion");
        c.sources = read_source_refs(n);
        const YAML::Node mnode = n["measure"];
        std::optional<Measure> measure;
        if (mnode && mnode.IsScalar()) {
            measure = parse_measure(mnode.Scalar());
            if (!measure) {
                auto hint = detail::closest(mnode.Scalar(), measure_names());
                error(mnode, hint ? fmt::format("unknown measure \"{}\" (did you mean \"{}\"?)",
                                                mnode.Scalar(), *hint)
                                  : fmt::format("unknown measure \"{}\" (expected one of: {})",
                                                mnode.Scalar(), accepted_measures()));
            } else if (!rules_.measure(*measure).declared) {
                error(mnode, fmt::format("measure \"{}\" is not declared under measures:",
                                         mnode.Scalar()));
            }
        }
        if (measure) {
            c.measure = *measure;
            c.boolean = *measure == Measure::lumbar_flat;
            c.minus = read_minus(n, c);
            if (c.boolean) {
                read_boolean_criterion(n, c);
            } else {
                read_bands(n, c);
            }
        }
        criterion_index_.emplace(c.id, rules_.criteria.size());
        rules_.criteria.push_back(std::move(c));
    }

    // `minus: MEASURE` makes a derived criterion (value = measure - minus); both must be
    // declared angle measures.
    std::optional<Measure> read_minus(const YAML::Node& n, const Criterion& c) {
        const YAML::Node m = n["minus"];
        if (!m) {
            if (n["range"]) {
                error(n["range"], fmt::format("criterion \"{}\": range is only for a derived "
                                              "criterion (with minus:); otherwise the measure's "
                                              "range applies",
                                              c.id));
            }
            return std::nullopt;
        }
        if (!m.IsScalar()) {
            error(m, fmt::format("\"minus\": expected a measure name, found {}", kind_of(m)));
            return std::nullopt;
        }
        auto minus = parse_measure(m.Scalar());
        if (!minus) {
            auto hint = detail::closest(m.Scalar(), measure_names());
            error(m, hint ? fmt::format("unknown measure \"{}\" (did you mean \"{}\"?)", m.Scalar(),
                                        *hint)
                          : fmt::format("unknown measure \"{}\" (expected one of: {})", m.Scalar(),
                                        accepted_measures()));
            return std::nullopt;
        }
        if (*minus == Measure::lumbar_flat || c.boolean) {
            error(m, fmt::format("criterion \"{}\": minus needs two angle measures", c.id));
            return std::nullopt;
        }
        if (*minus == c.measure) {
            error(m, fmt::format("criterion \"{}\": minus must name a different measure than "
                                 "\"{}\"",
                                 c.id, to_string(c.measure)));
            return std::nullopt;
        }
        if (!rules_.measure(*minus).declared) {
            error(m, fmt::format("measure \"{}\" is not declared under measures:", m.Scalar()));
            return std::nullopt;
        }
        return minus;
    }

    // The interval a numeric criterion's bands must tile: its own `range:` if derived (or
    // the difference of the two ranges), else the measure's plausible range.
    std::pair<double, double> criterion_range(const YAML::Node& n, const Criterion& c) {
        const MeasureDef& def = rules_.measure(c.measure);
        if (!c.minus) {
            return {def.min, def.max};
        }
        const MeasureDef& sub = rules_.measure(*c.minus);
        std::pair<double, double> r{def.min - sub.max, def.max - sub.min};
        const YAML::Node range = n["range"];
        if (!range) {
            return r;
        }
        if (!range.IsSequence() || range.size() != 2) {
            error(range, fmt::format("criterion \"{}\": range must be [min, max]", c.id));
            return r;
        }
        auto lo = number_of(range[0], "range min");
        auto hi = number_of(range[1], "range max");
        if (lo && hi) {
            if (*lo >= *hi) {
                error(range, fmt::format("criterion \"{}\": range min {} must be below max {}",
                                         c.id, format_number(*lo), format_number(*hi)));
            }
            r = {*lo, *hi};
        }
        return r;
    }

    void read_boolean_criterion(const YAML::Node& n, Criterion& c) {
        if (n["bands"] || n["cutoff"]) {
            error(n["bands"] ? n["bands"] : n["cutoff"],
                  fmt::format("criterion \"{}\": a yes/no measure takes pass_when, not bands or "
                              "cutoff",
                              c.id));
        }
        c.pass_when = get_bool(n, "pass_when").value_or(true);
        if (!n["pass_when"]) {
            error(n, fmt::format("criterion \"{}\" is missing required key \"pass_when\"", c.id));
        }
        const YAML::Node msgs = n["messages"];
        if (msgs &&
            check_keys(msgs, "messages", {"pass", "fail", "not_measured"}, {"pass", "fail"})) {
            c.message_pass = get_string(msgs, "pass").value_or("");
            c.message_fail = get_string(msgs, "fail").value_or("");
            c.message_not_measured = get_string(msgs, "not_measured").value_or("");
        }
    }

    void read_bands(const YAML::Node& n, Criterion& c) {
        if (n["pass_when"] || n["messages"]) {
            error(n["pass_when"] ? n["pass_when"] : n["messages"],
                  fmt::format("criterion \"{}\": a numeric measure takes bands, not pass_when or "
                              "messages",
                              c.id));
        }
        const auto [range_min, range_max] = criterion_range(n, c);
        c.range_min = range_min;
        c.range_max = range_max;
        const struct {
            double min;
            double max;
        } def{range_min, range_max};
        const std::string of =
            c.minus ? fmt::format("{} minus {}", to_string(c.measure), to_string(*c.minus))
                    : std::string(to_string(c.measure));
        const YAML::Node bands = n["bands"];
        if (!bands || !bands.IsSequence() || bands.size() == 0) {
            error(bands ? bands : n,
                  fmt::format("criterion \"{}\" needs a non-empty list of bands", c.id));
            return;
        }
        std::vector<std::pair<Band, YAML::Node>> read;
        for (const auto& b : bands) {
            if (!check_keys(b, "band", {"status", "min", "max", "message"},
                            {"status", "message"})) {
                continue;
            }
            Band band;
            band.pos = detail::pos_of(b);
            if (const YAML::Node s = b["status"]; s && s.IsScalar()) {
                auto status = id_of<Status>(s, "status", parse_status, "pass, borderline, fail");
                if (status == Status::not_measured) {
                    error(s,
                          "a band cannot have status not_measured (it is given when the "
                          "value is missing)");
                }
                band.status = status.value_or(Status::fail);
            }
            band.min = get_number(b, "min").value_or(def.min);
            band.max = get_number(b, "max").value_or(def.max);
            band.message = get_string(b, "message").value_or("");
            if (band.min >= band.max) {
                error(b, fmt::format("criterion \"{}\": empty band {}: min must be below max", c.id,
                                     band_text(band.min, band.max)));
                continue;
            }
            if (band.min < def.min || band.max > def.max) {
                error(b, fmt::format("criterion \"{}\": band {} lies outside the plausible range "
                                     "{} of {}",
                                     c.id, band_text(band.min, band.max),
                                     range_text(def.min, def.max), of));
            }
            read.emplace_back(band, b);
        }
        std::stable_sort(read.begin(), read.end(),
                         [](const auto& a, const auto& b) { return a.first.min < b.first.min; });
        // Bands must tile the plausible range exactly: a gap leaves values without a verdict,
        // an overlap gives one value two.
        double covered = def.min;
        for (std::size_t i = 0; i < read.size(); ++i) {
            const Band& band = read[i].first;
            if (band.min < covered) {
                error(read[i].second,
                      fmt::format("criterion \"{}\": band {} overlaps the band before it, which "
                                  "ends at {}",
                                  c.id, band_text(band.min, band.max), format_number(covered)));
            } else if (band.min > covered) {
                error(read[i].second, fmt::format("criterion \"{}\": gap before band {}: no band "
                                                  "covers {}",
                                                  c.id, band_text(band.min, band.max),
                                                  band_text(covered, band.min)));
            }
            covered = std::max(covered, band.max);
            c.bands.push_back(band);
        }
        if (!read.empty() && covered < def.max) {
            error(read.back().second,
                  fmt::format("criterion \"{}\": gap after the last band: no band covers {}", c.id,
                              band_text(covered, def.max)));
        }
        c.cutoff = get_number(n, "cutoff");
        if (c.cutoff && (*c.cutoff < def.min || *c.cutoff > def.max)) {
            error(n["cutoff"],
                  fmt::format("criterion \"{}\": cutoff {} lies outside the plausible "
                              "range {}",
                              c.id, format_number(*c.cutoff), range_text(def.min, def.max)));
        }
    }

    // An entry that check_keys refused (a duplicate key) is not read, so its id is never
    // declared; remembering it keeps every later reference from adding an "unknown" error on
    // top of the one that says what is wrong with the entry.
    static void remember_refused(const YAML::Node& n, std::set<std::string>& refused) {
        if (!n.IsMap()) {
            return;
        }
        for (auto it = n.begin(); it != n.end(); ++it) {
            if (detail::scalar_text(it->first) == "id" && it->second.IsScalar()) {
                refused.insert(it->second.Scalar());
            }
        }
    }

    void check_new_id(const YAML::Node& at, const std::string& id,
                      const std::map<std::string, std::size_t>& seen, std::string_view kind) {
        if (id.empty()) {
            return;
        }
        if (seen.count(id) != 0) {
            error(at, fmt::format("duplicate {} id \"{}\"", kind, id));
        }
    }

    // ---- conditions ------------------------------------------------------------------
    struct ConditionScope {
        bool in_decision = false;  // decision rows may test result and persists
    };

    Condition read_condition(const YAML::Node& n, const ConditionScope& scope) {
        Condition c;
        c.pos = detail::pos_of(n);
        if (!n) {
            return c;  // missing `when`: reported by check_keys where it is required
        }
        if (!n.IsMap() || n.size() == 0) {
            error(n,
                  "a condition must be a mapping such as {criterion: ID, is: fail}, "
                  "{pain: groin}, {finding: ID}, {all: [...]}, {any: [...]} or {not: ...}");
            return c;
        }
        if (n["all"] || n["any"]) {
            const bool all = static_cast<bool>(n["all"]);
            check_keys(n, all ? "all condition" : "any condition", {all ? "all" : "any"});
            c.kind = all ? Condition::Kind::all : Condition::Kind::any;
            const YAML::Node list = n[all ? "all" : "any"];
            if (!list.IsSequence() || list.size() == 0) {
                error(list, fmt::format("\"{}\": expected a non-empty list of conditions",
                                        all ? "all" : "any"));
                return c;
            }
            for (const auto& child : list) {
                c.children.push_back(read_condition(child, scope));
            }
        } else if (n["not"]) {
            check_keys(n, "not condition", {"not"});
            c.kind = Condition::Kind::negate;
            c.children.push_back(read_condition(n["not"], scope));
        } else if (n["criterion"]) {
            read_criterion_condition(n, c);
        } else if (n["pain"]) {
            check_keys(n, "pain condition", {"pain"});
            c.kind = Condition::Kind::pain;
            for (const auto& p : items(n["pain"], "pain")) {
                if (auto pain = id_of<Pain>(p, "pain word", parse_pain, accepted_pains())) {
                    c.pains.insert(*pain);
                }
            }
        } else if (n["finding"]) {
            check_keys(n, "finding condition", {"finding"});
            c.kind = Condition::Kind::finding;
            const std::string id = detail::scalar_text(n["finding"]);
            auto it = finding_index_.find(id);
            if (it == finding_index_.end() && refused_findings_.count(id) == 0) {
                error(n["finding"], fmt::format("unknown finding \"{}\" (a finding can only refer "
                                                "to findings declared before it)",
                                                id));
            } else {
                c.index = it->second;
            }
        } else if (n["result"] && scope.in_decision) {
            check_keys(n, "result condition", {"result"});
            c.kind = Condition::Kind::result;
            for (const auto& r : items(n["result"], "result")) {
                if (auto res = id_of<Result>(r, "result", parse_result, accepted_results())) {
                    c.results[static_cast<std::size_t>(*res)] = true;
                }
            }
        } else if (n["persists"] && scope.in_decision) {
            check_keys(n, "persists condition", {"persists"});
            c.kind = Condition::Kind::persists;
            if (!get_bool(n, "persists").value_or(true)) {
                Condition inner = c;
                c = Condition{};
                c.pos = inner.pos;
                c.kind = Condition::Kind::negate;
                c.children.push_back(inner);
            }
        } else {
            const std::string key = detail::scalar_text(n.begin()->first);
            const Keys kinds = scope.in_decision
                                   ? Keys{"criterion", "pain", "finding", "result",
                                          "persists",  "all",  "any",     "not"}
                                   : Keys{"criterion", "pain", "finding", "all", "any", "not"};
            auto hint = detail::closest(key, kinds);
            error(n.begin()->first,
                  hint ? fmt::format("unknown condition \"{}\" (did you mean \"{}\"?)", key, *hint)
                       : fmt::format("unknown condition \"{}\"; expected one of: {}", key,
                                     fmt::join(kinds, ", ")));
        }
        return c;
    }

    void read_criterion_condition(const YAML::Node& n, Condition& c) {
        check_keys(n, "criterion condition", {"criterion", "is"}, {"criterion", "is"});
        c.kind = Condition::Kind::criterion;
        const std::string id = detail::scalar_text(n["criterion"]);
        if (auto it = criterion_index_.find(id); it != criterion_index_.end()) {
            c.index = it->second;
        } else if (refused_criteria_.count(id) == 0) {  // a refused one is reported already
            std::vector<std::string_view> ids;
            for (const auto& [k, v] : criterion_index_) {
                ids.push_back(k);
            }
            auto hint = detail::closest(id, ids);
            error(n["criterion"],
                  hint ? fmt::format("unknown criterion \"{}\" (did you mean \"{}\"?)", id, *hint)
                       : fmt::format("unknown criterion \"{}\"", id));
        }
        for (const auto& s : items(n["is"], "is")) {
            if (auto status = id_of<Status>(s, "status", parse_status, accepted_statuses())) {
                c.statuses[static_cast<std::size_t>(*status)] = true;
            }
        }
    }

    // ---- findings, programme, decision -----------------------------------------------
    void read_findings(const YAML::Node& node) {
        if (!node) {
            return;
        }
        if (!node.IsSequence()) {
            error(node, fmt::format("findings: expected a list, found {}", kind_of(node)));
            return;
        }
        for (const auto& n : node) {
            if (!check_keys(
                    n, "finding",
                    {"id", "title", "when", "result", "implicates", "flags", "note", "source"},
                    {"id", "title", "when", "source"})) {
                remember_refused(n, refused_findings_);
                continue;
            }
            Finding f;
            f.pos = detail::pos_of(n);
            f.id = get_string(n, "id").value_or("");
            f.title = get_string(n, "title").value_or("");
            check_new_id(n["id"], f.id, finding_index_, "finding");
            if (n["when"]) {  // missing: already reported by check_keys
                f.when = read_condition(n["when"], {});
            }
            if (const YAML::Node r = n["result"]) {
                f.result = id_of<Result>(r, "result", parse_result, accepted_results());
            }
            for (const auto& t : items(n["implicates"], "implicates")) {
                if (auto tissue = id_of<Tissue>(t, "tissue", parse_tissue, accepted_tissues())) {
                    f.implicates.insert(*tissue);
                }
            }
            for (const auto& fl : items(n["flags"], "flags")) {
                if (auto flag = id_of<Flag>(fl, "flag", parse_flag, accepted_flags())) {
                    f.flags.insert(*flag);
                }
            }
            f.note = get_string(n, "note").value_or("");
            f.sources = read_source_refs(n);
            finding_index_.emplace(f.id, rules_.findings.size());
            rules_.findings.push_back(std::move(f));
        }
    }

    void read_programme(const YAML::Node& node) {
        if (!node) {
            return;
        }
        if (!node.IsSequence()) {
            error(node,
                  fmt::format("programme: expected a list of steps, found {}", kind_of(node)));
            return;
        }
        std::array<bool, k_step_count> seen{};
        for (const auto& n : node) {
            if (!check_keys(n, "programme step", {"step", "title", "advice", "source"},
                            {"step", "title", "advice", "source"})) {
                continue;
            }
            auto number = get_number(n, "step");
            if (!number) {
                continue;
            }
            if (*number != std::floor(*number) || *number < 1 || *number > k_step_count) {
                error(n["step"], fmt::format("step must be a whole number from 1 to {}, found {}",
                                             k_step_count, format_number(*number)));
                continue;
            }
            const int step = static_cast<int>(*number);
            if (seen[static_cast<std::size_t>(step - 1)]) {
                error(n["step"], fmt::format("step {} is declared twice", step));
            }
            seen[static_cast<std::size_t>(step - 1)] = true;
            Step& s = rules_.steps[static_cast<std::size_t>(step - 1)];
            s.number = step;
            s.pos = detail::pos_of(n);
            s.title = get_string(n, "title").value_or("");
            s.advice = get_string(n, "advice").value_or("");
            s.sources = read_source_refs(n);
        }
        for (int i = 1; i <= k_step_count; ++i) {
            if (!seen[static_cast<std::size_t>(i - 1)]) {
                error(node, fmt::format("programme: step {} is missing (steps 1 to {} are all "
                                        "required)",
                                        i, k_step_count));
            }
        }
    }

    std::vector<int> read_step_list(const YAML::Node& n) {
        std::vector<int> steps;
        for (const auto& s : items(n, "steps")) {
            auto v = number_of(s, "step");
            if (!v) {
                continue;
            }
            if (*v != std::floor(*v) || *v < 1 || *v > k_step_count) {
                error(s, fmt::format("step must be a whole number from 1 to {}, found {}",
                                     k_step_count, format_number(*v)));
                continue;
            }
            steps.push_back(static_cast<int>(*v));
        }
        return steps;
    }

    void read_decision(const YAML::Node& node) {
        if (!node) {
            return;
        }
        if (!node.IsSequence() || node.size() == 0) {
            error(node, "decision: expected a non-empty list of rows");
            return;
        }
        std::set<std::string> ids;
        for (const auto& n : node) {
            if (!check_keys(n, "decision row", {"id", "when", "steps", "why", "final", "source"},
                            {"id", "steps", "why", "source"})) {
                continue;
            }
            DecisionRow row;
            row.pos = detail::pos_of(n);
            row.id = get_string(n, "id").value_or("");
            if (!ids.insert(row.id).second) {
                error(n["id"], fmt::format("duplicate decision row id \"{}\"", row.id));
            }
            if (n["when"]) {
                row.when = read_condition(n["when"], {true});
            }  // no `when`: an always-matching row (Kind::all with no children)
            row.steps = read_step_list(n["steps"]);
            row.why = get_string(n, "why").value_or("");
            row.final = get_bool(n, "final").value_or(false);
            row.sources = read_source_refs(n);
            rules_.decision.push_back(std::move(row));
        }
    }

    void read_complete(const YAML::Node& n) {
        if (!n) {
            rules_.complete_why = "Every planned step is done.";
            return;
        }
        if (!check_keys(n, "complete", {"step", "why"}, {"step", "why"})) {
            return;
        }
        auto steps = read_step_list(n["step"]);
        if (steps.size() == 1 && n["step"].IsScalar()) {
            rules_.complete_step = steps.front();
        } else if (n["step"]) {
            error(n["step"], "complete step: expected one step number");
        }
        rules_.complete_why = get_string(n, "why").value_or("");
    }

    // ---- examples --------------------------------------------------------------------
    void read_examples(const YAML::Node& node) {
        if (!node) {
            return;
        }
        if (!node.IsSequence()) {
            error(node, fmt::format("examples: expected a list, found {}", kind_of(node)));
            return;
        }
        for (const auto& n : node) {
            if (!check_keys(n, "example", {"name", "input", "expect"},
                            {"name", "input", "expect"})) {
                continue;
            }
            Example ex;
            ex.pos = detail::pos_of(n);
            ex.name = get_string(n, "name").value_or("");
            if (const YAML::Node input = n["input"]; !input) {
                // reported by check_keys
            } else if (input.IsMap()) {
                detail::read_measurements(input, ex.input,
                                          [&](const YAML::Node& at, const std::string& message) {
                                              error(at, "example input: " + message);
                                          });
            } else {
                error(n["input"], "example input: expected a mapping of measurement fields");
            }
            if (n["expect"]) {
                read_expect(n["expect"], ex);
            }
            rules_.examples.push_back(std::move(ex));
        }
    }

    void read_expect(const YAML::Node& e, Example& ex) {
        if (!check_keys(e, "expect",
                        {"result", "implicated", "flags", "next_step", "plan", "criteria"})) {
            return;
        }
        if (e.size() == 0) {
            error(e,
                  "expect must state at least one expected verdict (result, implicated, "
                  "flags, next_step, plan or criteria), or the example tests nothing");
        }
        if (const YAML::Node r = e["result"]) {
            ex.result = id_of<Result>(r, "result", parse_result, accepted_results());
        }
        if (e["implicated"]) {
            ex.implicated.emplace();
            for (const auto& t : items(e["implicated"], "implicated")) {
                if (auto tissue = id_of<Tissue>(t, "tissue", parse_tissue, accepted_tissues())) {
                    ex.implicated->push_back(*tissue);
                }
            }
        }
        if (e["flags"]) {
            ex.flags.emplace();
            for (const auto& f : items(e["flags"], "flags")) {
                if (auto flag = id_of<Flag>(f, "flag", parse_flag, accepted_flags())) {
                    ex.flags->push_back(*flag);
                }
            }
        }
        if (e["next_step"]) {
            auto steps = read_step_list(e["next_step"]);
            if (steps.size() == 1 && e["next_step"].IsScalar()) {
                ex.next_step = steps.front();
            } else {
                error(e["next_step"], "next_step: expected one step number");
            }
        }
        if (e["plan"]) {
            ex.plan = read_step_list(e["plan"]);
        }
        if (const YAML::Node crit = e["criteria"]) {
            if (!crit.IsMap()) {
                error(crit, "expect criteria: expected a mapping of criterion id: status");
                return;
            }
            for (auto it = crit.begin(); it != crit.end(); ++it) {
                const std::string id = detail::scalar_text(it->first);
                if (criterion_index_.count(id) == 0 && refused_criteria_.count(id) == 0) {
                    error(it->first, fmt::format("unknown criterion \"{}\"", id));
                }
                if (auto s =
                        id_of<Status>(it->second, "status", parse_status, accepted_statuses())) {
                    ex.criteria.emplace_back(id, *s);
                }
            }
        }
    }

    std::string file_;
    LoadResult& out_;
    RuleSet rules_;
    std::set<std::string> known_sources_;
    std::map<std::string, std::size_t> criterion_index_;
    std::map<std::string, std::size_t> finding_index_;
    std::set<std::string> refused_criteria_;
    std::set<std::string> refused_findings_;
};

}  // namespace

RuleSet parse_rules(std::string_view text, const std::string& file, LoadResult& out) {
    return Loader(file, out).load(text);
}

RuleSet load_rules_text(std::string_view text, const std::string& file) {
    LoadResult result;
    RuleSet rules = parse_rules(text, file, result);
    if (!result.ok()) {
        std::vector<Diagnostic> errors;
        for (auto& d : result.diagnostics) {
            if (d.severity == Diagnostic::Severity::error) {
                errors.push_back(std::move(d));
            }
        }
        throw RuleError(std::move(errors));
    }
    return rules;
}

std::string read_file(const std::string& path, std::size_t max_bytes) {
    // An ifstream opens a directory on Linux and only fails on the first read: ask first.
    std::error_code ec;
    if (std::filesystem::is_directory(path, ec)) {
        throw FileError(fmt::format("{}: is a directory, not a file", path));
    }
    std::ifstream in(path, std::ios::binary);
    if (!in) {
        throw FileError(fmt::format("{}: cannot open: {}", path, std::strerror(errno)));
    }
    std::string text;
    char buffer[65536];
    while (in.read(buffer, sizeof buffer) || in.gcount() > 0) {
        text.append(buffer, static_cast<std::size_t>(in.gcount()));
        if (text.size() > max_bytes) {
            throw FileTooLargeError(
                fmt::format("{}: file is larger than the {} byte limit", path, max_bytes));
        }
    }
    if (in.bad()) {
        throw FileError(fmt::format("{}: cannot read (is it a directory?)", path));
    }
    return text;
}

RuleSet load_rules_file(const std::string& path) {
    std::string text;
    try {
        text = read_file(path, k_max_rule_file_bytes);
    } catch (const FileTooLargeError&) {
        throw RuleError({{Diagnostic::Severity::error, path, 0, 0, too_large_message()}});
    }
    return load_rules_text(text, path);
}

}  // namespace thomas
