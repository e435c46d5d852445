// rules/schema.json (the editor's schema) and the loader's key table (rule_keys.h) name the
// same keys for every section, so neither can gain or lose a key alone.
#include <doctest/doctest.h>

#include <fstream>
#include <nlohmann/json.hpp>
#include <set>
#include <string>

#include "rule_keys.h"

using thomas::detail::all_section_keys;
using Json = nlohmann::json;

namespace {

Json schema() {
    std::ifstream in(THOMAS_SCHEMA_JSON);
    REQUIRE(in);
    return Json::parse(in);
}

std::set<std::string> keys_of(const Json& object) {
    std::set<std::string> keys;
    for (const auto& [key, value] : object.items()) {
        keys.insert(key);
    }
    return keys;
}

std::set<std::string> strings(const std::vector<std::string_view>& list) {
    return {list.begin(), list.end()};
}

}  // namespace

TEST_CASE("rule keys: every section of the table is the schema's, key for key") {
    const Json s = schema();
    int sections = 0;
    for (const auto& k : all_section_keys()) {
        if (k.section.ends_with(" condition")) {
            continue;
        }
        CAPTURE(k.section);
        const Json& node = s.at(Json::json_pointer(std::string(k.schema)));
        CHECK(keys_of(node.at("properties")) == strings(k.allowed));
        const std::set<std::string> required =
            node.contains("required") ? node.at("required").get<std::set<std::string>>()
                                      : std::set<std::string>{};
        CHECK(required == strings(k.required));
        ++sections;
    }
    CHECK(sections == 16);
}

TEST_CASE("rule keys: every condition kind is one of the schema's decision conditions") {
    const Json s = schema();
    std::set<std::set<std::string>> kinds;
    for (const auto& alternative : s.at("/$defs/decision_condition/oneOf"_json_pointer)) {
        kinds.insert(keys_of(alternative.at("properties")));
    }
    std::set<std::set<std::string>> table;
    for (const auto& k : all_section_keys()) {
        if (k.section.ends_with(" condition")) {
            table.insert(strings(k.allowed));
        }
    }
    CHECK(kinds == table);
}
