// A small valid rule file for unit tests, so tests need no disk.
#pragma once

#include <string>
#include <vector>

#include "thomas/rule_loader.h"

namespace thomas::test {

inline const std::string k_small_rules = R"(schema: 1
name: small
version: "0.1"
procedure: {id: hanging_leg, description: test procedure}
sources:
  T: test source
measures:
  thigh_angle: {label: Thigh, range: [-45, 90], asymmetry: 5, source: T}
  knee_flexion: {label: Knee, range: [-10, 160], source: T}
  lumbar_flat: {label: Back flat}
criteria:
  - id: back
    title: Back flat
    measure: lumbar_flat
    pass_when: yes
    messages: {pass: ok, fail: lifted}
    source: T
  - id: thigh
    title: Thigh down
    measure: thigh_angle
    cutoff: 0
    bands:
      - {status: pass, max: -2, message: low}
      - {status: borderline, min: -2, max: 2, message: near}
      - {status: fail, min: 2, message: high}
    source: T
  - id: knee
    title: Knee bent
    measure: knee_flexion
    cutoff: 80
    bands:
      - {status: fail, max: 80, message: straight}
      - {status: pass, min: 80, message: bent}
    source: T
findings:
  - {id: invalid, title: Back lifted, when: {criterion: back, is: fail}, result: retest, source: T}
  - {id: groin, title: Groin pain, when: {pain: [hip, groin]}, result: refer, flags: [hip_joint], source: T}
  - {id: short1, title: Thigh high, when: {criterion: thigh, is: fail}, result: positive, implicates: [iliopsoas], source: T}
  - {id: short2, title: Knee straight, when: {criterion: knee, is: fail}, result: positive, implicates: [rectus_femoris], source: T}
  - {id: edge, title: Near cut-off, when: {criterion: thigh, is: borderline}, result: borderline, source: T}
programme:
  - {step: 1, title: Assess, advice: a, source: T}
  - {step: 2, title: Rule out, advice: b, source: T}
  - {step: 3, title: Stretch psoas, advice: c, source: T}
  - {step: 4, title: Massage, advice: d, source: T}
  - {step: 5, title: Other flexors, advice: e, source: T}
  - {step: 6, title: Glutes, advice: f, source: T}
  - {step: 7, title: Persists, advice: g, source: T}
decision:
  - {id: refer, when: {result: refer}, steps: [2], why: pain, source: T}
  - {id: retest, when: {result: retest}, steps: [1], why: invalid, final: true, source: T}
  - {id: psoas, when: {finding: short1}, steps: [3, 4, 5, 6], why: psoas, source: T}
  - {id: rf, when: {finding: short2}, steps: [5, 6], why: rf, source: T}
  - {id: rest, steps: [6], why: default, source: T}
complete: {step: 1, why: all done}
examples:
  - name: both short
    input: {thigh_angle: 12, knee_flexion: 50}
    expect: {result: positive, implicated: [iliopsoas, rectus_femoris], next_step: 3}
)";

// Every diagnostic of loading `text` as "r.yaml", as `rules check` prints it.
inline std::vector<std::string> messages(const std::string& text) {
    LoadResult result;
    parse_rules(text, "r.yaml", result);
    std::vector<std::string> out;
    for (const auto& d : result.diagnostics) {
        out.push_back(d.to_string());
    }
    return out;
}

}  // namespace thomas::test
