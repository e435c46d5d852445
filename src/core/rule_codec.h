// A compact binary form (CBOR) of a loaded RuleSet. Embedded rule sets are validated and
// compiled at build time (tools/rulec.cpp), because yaml-cpp needs ~5 ms to parse the default
// rule file and `thomas score` should start in a few milliseconds. The YAML stays the single
// source: the compiled form is generated from it on every build, never edited.
#pragma once

#include <cstdint>
#include <span>
#include <vector>

#include "thomas/ruleset.h"

namespace thomas {

// Serialise every member of `rules` (including source positions).
std::vector<std::uint8_t> encode_rules(const RuleSet& rules);

// Rebuild a RuleSet from encode_rules output. Throws std::runtime_error on malformed input
// (only possible if the binary was built wrongly).
RuleSet decode_rules(std::span<const std::uint8_t> bytes);

}  // namespace thomas
