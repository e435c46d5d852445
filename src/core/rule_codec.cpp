#include "rule_codec.h"

#include <nlohmann/json.hpp>
#include <stdexcept>

// nlohmann's struct macros keep the codec a list of member names; a member missing here
// would be lost in embedded rule sets, which tests/unit/test_rule_codec.cpp guards against by
// comparing assessments and JSON output of YAML-loaded and decoded rule sets.
namespace nlohmann {
template <typename T>
struct adl_serializer<std::optional<T>> {
    static void to_json(json& j, const std::optional<T>& v) {
        if (v) {
            j = *v;
        } else {
            j = nullptr;
        }
    }
    static void from_json(const json& j, std::optional<T>& v) {
        if (j.is_null()) {
            v.reset();
        } else {
            v = j.get<T>();
        }
    }
};
template <typename E>
struct adl_serializer<thomas::EnumSet<E>> {
    static void to_json(json& j, const thomas::EnumSet<E>& v) { j = v.bits(); }
    static void from_json(const json& j, thomas::EnumSet<E>& v) {
        v = thomas::EnumSet<E>::from_bits(j.get<std::uint32_t>());
    }
};
template <>
struct adl_serializer<thomas::StepMask> {
    static void to_json(json& j, const thomas::StepMask& v) { j = v.bits(); }
    static void from_json(const json& j, thomas::StepMask& v) {
        v = thomas::StepMask::from_bits(j.get<std::uint16_t>());
    }
};
}  // namespace nlohmann

namespace thomas {

NLOHMANN_DEFINE_TYPE_NON_INTRUSIVE(SourcePos, line, column)
NLOHMANN_DEFINE_TYPE_NON_INTRUSIVE(MeasureDef, id, declared, label, unit, min, max, aliases,
                                   asymmetry, sources, mdc, better, mdc_minus, mdc_none,
                                   mdc_sources)
NLOHMANN_DEFINE_TYPE_NON_INTRUSIVE(Band, status, min, max, message, pos)
NLOHMANN_DEFINE_TYPE_NON_INTRUSIVE(Criterion, id, title, measure, minus, asymmetry, range_min,
                                   range_max, cutoff, bands, boolean, pass_when, message_pass,
                                   message_fail, message_not_measured, sources, pos)
NLOHMANN_DEFINE_TYPE_NON_INTRUSIVE(Condition, kind, children, index, statuses, pains, red_flags,
                                   results, changes, measure, minus, above, below, pos)
NLOHMANN_DEFINE_TYPE_NON_INTRUSIVE(Finding, id, title, when, result, implicates, flags, note,
                                   sources, pos)
NLOHMANN_DEFINE_TYPE_NON_INTRUSIVE(Step, number, title, advice, patient, sources, pos)
NLOHMANN_DEFINE_TYPE_NON_INTRUSIVE(DecisionRow, id, when, steps, why, final, even_if_done, sources,
                                   pos)
NLOHMANN_DEFINE_TYPE_NON_INTRUSIVE(Source, id, citation)
NLOHMANN_DEFINE_TYPE_NON_INTRUSIVE(FollowUp, different_devices, different_examiners, sources)
NLOHMANN_DEFINE_TYPE_NON_INTRUSIVE(Headline, result, flag, planned, tissues, text, pos)
NLOHMANN_DEFINE_TYPE_NON_INTRUSIVE(VisitInfo, patient, date, examiner, device)
NLOHMANN_DEFINE_TYPE_NON_INTRUSIVE(Measurements, side, values, pain, red_flags, done, persists,
                                   knee_as_interior, change, visit)
NLOHMANN_DEFINE_TYPE_NON_INTRUSIVE(Example, name, input, visits, changes, result, implicated, flags,
                                   next_step, plan, criteria, findings, pos)
NLOHMANN_DEFINE_TYPE_NON_INTRUSIVE(Synonym, word, means, language)
NLOHMANN_DEFINE_TYPE_NON_INTRUSIVE(ColumnWord, word, field, language)
NLOHMANN_DEFINE_TYPE_NON_INTRUSIVE(Vocabulary, synonyms, columns)
NLOHMANN_DEFINE_TYPE_NON_INTRUSIVE(RuleSet, schema, name, version, title, description, procedure,
                                   procedure_description, sha256, origin, sources, measures,
                                   criteria, findings, steps, decision, complete_step, complete_why,
                                   examples, vocabulary, headlines, follow_up)

std::vector<std::uint8_t> encode_rules(const RuleSet& rules) {
    return nlohmann::json::to_cbor(nlohmann::json(rules));
}

RuleSet decode_rules(std::span<const std::uint8_t> bytes) {
    try {
        return nlohmann::json::from_cbor(bytes.begin(), bytes.end()).get<RuleSet>();
    } catch (const nlohmann::json::exception& e) {
        throw std::runtime_error(std::string("compiled rule set is malformed: ") + e.what());
    }
}

}  // namespace thomas
