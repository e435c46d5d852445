// The reader behind parse_rules(): one object per rule file, one member per section, every
// problem collected with its place so an author fixes a file in one pass. The definitions are
// split by section: rule_reader.cpp (driver, reporting, typed getters, header and sources),
// rule_reader_criteria.cpp (measures and criteria), rule_reader_logic.cpp (conditions,
// findings, programme, decision) and rule_reader_examples.cpp. Internal to the core.
#pragma once

#include <fmt/format.h>

#include <map>
#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "rule_keys.h"
#include "thomas/rule_loader.h"
#include "yaml_support.h"

namespace thomas::detail {

using Keys = std::vector<std::string_view>;

std::string too_large_message();
std::string format_number(double v);
std::string band_text(double min, double max);   // a band: [min, max)
std::string range_text(double min, double max);  // a plausible range includes both ends: [min, max]

class RuleReader {
public:
    RuleReader(std::string file, LoadResult& out) : file_(std::move(file)), out_(out) {}

    RuleSet load(std::string_view text);

private:
    // reporting (rule_reader.cpp)
    void error_at(SourcePos p, std::string message);
    void error(const YAML::Node& at, std::string message);
    bool check_keys(const YAML::Node& node, std::string_view what, const Keys& allowed,
                    const Keys& required = {});
    // The same against a section of rule_keys.h; `what` names it in messages if not the
    // section's own name (e.g. measure "thigh_angle").
    bool check_section(const YAML::Node& node, std::string_view section,
                       std::string_view what = {});
    static const char* kind_of(const YAML::Node& node);

    // typed getters (absent key -> nullopt, silently; presence is check_keys' job)
    std::optional<std::string> get_string(const YAML::Node& parent, const char* key);
    std::optional<double> number_of(const YAML::Node& n, std::string_view what);
    std::optional<double> get_number(const YAML::Node& parent, const char* key);
    std::optional<bool> get_bool(const YAML::Node& parent, const char* key);
    std::vector<YAML::Node> items(const YAML::Node& n, std::string_view what);  // one or a list

    // An id from its closed list (tissues, flags, statuses...), reported if unknown.
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

    // header, sources and ids (rule_reader.cpp)
    void read_header(const YAML::Node& root);
    void read_sources(const YAML::Node& node);
    std::vector<std::string> read_source_refs(const YAML::Node& parent, const char* key = "source");
    void read_change_terms(const YAML::Node& n, MeasureDef& def, const std::string& what);
    void require_source(const YAML::Node& node, const std::vector<std::string>& refs,
                        std::string_view what);
    using IdIndex = std::map<std::string, std::size_t>;  // id -> position in its list
    void remember_refused(const YAML::Node& n, const IdIndex& seen, std::set<std::string>& refused,
                          std::string_view kind);
    void check_new_id(const YAML::Node& at, const std::string& id, const IdIndex& seen,
                      const std::set<std::string>& refused, std::string_view kind);

    // measures and criteria (rule_reader_criteria.cpp)
    void read_measures(const YAML::Node& node);
    static const Keys& measure_names();
    void read_measure(Measure id, const YAML::Node& n);
    void read_criteria(const YAML::Node& node);
    void read_criterion(const YAML::Node& n);
    std::optional<Measure> read_minus(const YAML::Node& n, const Criterion& c);
    std::pair<double, double> criterion_range(const YAML::Node& n, const Criterion& c);
    void read_boolean_criterion(const YAML::Node& n, Criterion& c);
    void read_bands(const YAML::Node& n, Criterion& c);

    // conditions, findings, programme, decision (rule_reader_logic.cpp)
    struct ConditionScope {
        bool in_decision = false;  // decision rows may test result, persists, patient, plan_done
        bool in_patient = false;   // under `patient:` (no nested patient or plan_done)
    };
    Condition read_condition(const YAML::Node& n, const ConditionScope& scope);
    static std::optional<Change> change_key(const YAML::Node& n);
    void read_follow_up(const YAML::Node& n);
    void read_visits(const YAML::Node& list, Example& ex);
    void check_why_slots(const YAML::Node& at, const DecisionRow& row);
    void read_change_condition(const YAML::Node& n, Change change, Condition& c);
    void read_criterion_condition(const YAML::Node& n, Condition& c);
    void read_value_condition(const YAML::Node& n, Condition& c);
    void read_findings(const YAML::Node& node);
    void read_programme(const YAML::Node& node);
    std::vector<int> read_step_list(const YAML::Node& n);
    void read_decision(const YAML::Node& node);
    void read_complete(const YAML::Node& n);
    void read_headlines(const YAML::Node& node);

    // examples (rule_reader_examples.cpp)
    void read_examples(const YAML::Node& node);
    void read_expect(const YAML::Node& e, Example& ex);

    // vocabulary (rule_reader_vocabulary.cpp)
    void read_vocabulary(const YAML::Node& node);
    void read_synonyms(const YAML::Node& n, WordKind kind, const std::string& language);
    void read_column_words(const YAML::Node& n, const std::string& language);

    std::string file_;  // as diagnostics name it
    LoadResult& out_;
    RuleSet rules_;
    std::set<std::string> known_sources_;
    std::map<std::string, std::size_t> criterion_index_;
    std::map<std::string, std::size_t> finding_index_;
    std::set<std::string> refused_criteria_;
    std::set<std::string> refused_findings_;
};

}  // namespace thomas::detail
