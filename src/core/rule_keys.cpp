#include "rule_keys.h"

#include <algorithm>
#include <stdexcept>
#include <string>

namespace thomas::detail {

const std::vector<SectionKeys>& all_section_keys() {
    static const std::vector<SectionKeys> table{
        {"rule file",
         "",
         {"schema", "name", "version", "title", "description", "procedure", "sources", "measures",
          "criteria", "findings", "programme", "decision", "complete", "follow_up", "headlines",
          "vocabulary", "examples"},
         {"schema", "name", "version", "procedure", "sources", "measures", "criteria", "findings",
          "programme", "decision"}},
        {"procedure", "/properties/procedure", {"id", "description"}, {"id", "description"}},
        {"angle measure",
         "/$defs/angle_measure",
         {"label", "unit", "range", "aliases", "asymmetry", "source", "mdc", "better", "mdc_minus",
          "mdc_source"},
         {"label", "range"}},
        {"yes/no measure",
         "/properties/measures/properties/lumbar_flat",
         {"label", "aliases", "source"},
         {"label"}},
        {"criterion",
         "/$defs/criterion",
         {"id", "title", "measure", "minus", "range", "cutoff", "bands", "pass_when", "messages",
          "asymmetry", "source"},
         {"id", "title", "measure", "source"}},
        {"messages",
         "/$defs/criterion/properties/messages",
         {"pass", "fail", "not_measured"},
         {"pass", "fail"}},
        {"band", "/$defs/band", {"status", "min", "max", "message"}, {"status", "message"}},
        {"finding",
         "/$defs/finding",
         {"id", "title", "when", "result", "implicates", "flags", "note", "source"},
         {"id", "title", "when", "source"}},
        {"programme step",
         "/properties/programme/items",
         {"step", "title", "advice", "patient", "source"},
         {"step", "title", "advice", "source"}},
        {"decision row",
         "/properties/decision/items",
         {"id", "when", "steps", "why", "final", "even_if_done", "source"},
         {"id", "steps", "why", "source"}},
        {"complete", "/properties/complete", {"step", "why"}, {"step", "why"}},
        {"follow_up",
         "/properties/follow_up",
         {"different_devices", "different_examiners", "source"},
         {"source"}},
        {"headline",
         "/properties/headlines/items",
         {"result", "flag", "planned", "tissues", "text"},
         {"result", "text"}},
        {"vocabulary language",
         "/$defs/vocabulary_language",
         {"columns", "side", "yes_no", "pain", "red_flags"},
         {}},
        {"example", "/$defs/example", {"name", "input", "visits", "expect"}, {"name", "expect"}},
        {"expect",
         "/$defs/example/properties/expect",
         {"result", "implicated", "flags", "next_step", "plan", "criteria", "findings", "changes"},
         {}},
        // Conditions: one kind per mapping (findings and decision rows; the last ones only
        // in decision rows).
        {"criterion condition", "", {"criterion", "is"}, {"criterion", "is"}},
        {"value condition", "", {"value", "minus", "above", "below"}, {"value"}},
        {"pain condition", "", {"pain"}, {}},
        {"red_flag condition", "", {"red_flag"}, {}},
        {"finding condition", "", {"finding"}, {}},
        {"all condition", "", {"all"}, {}},
        {"any condition", "", {"any"}, {}},
        {"not condition", "", {"not"}, {}},
        {"result condition", "", {"result"}, {}},
        {"persists condition", "", {"persists"}, {}},
        {"patient condition", "", {"patient"}, {}},
        {"plan_done condition", "", {"plan_done"}, {}},
        {"improved condition", "", {"improved"}, {}},
        {"worse condition", "", {"worse"}, {}},
        {"no_reliable_change condition", "", {"no_reliable_change"}, {}},
    };
    return table;
}

const SectionKeys& section_keys(std::string_view section) {
    const auto& table = all_section_keys();
    const auto it = std::find_if(table.begin(), table.end(),
                                 [section](const SectionKeys& s) { return s.section == section; });
    if (it == table.end()) {
        throw std::out_of_range("no rule-file section \"" + std::string(section) + "\"");
    }
    return *it;
}

}  // namespace thomas::detail
