// Scores one Thomas test with the embedded default rule set and prints the verdict and the
// contract JSON: the smallest program that calls the thomas engine as a library.
#include <thomas/embedded_rules.h>
#include <thomas/engine.h>
#include <thomas/json_report.h>

#include <iostream>

int main() {
    using namespace thomas;
    const RuleSet& rules = default_rules();

    Measurements m;
    m.side = Side::right;
    m[Measure::thigh_angle] = parse_degrees("thigh_angle", "12");
    m[Measure::knee_flexion] = parse_degrees("knee_flexion", "50");
    check_ranges(rules, m);  // throws InputError for an implausible value

    const Assessment a = assess(rules, m);
    std::cout << "result " << to_string(a.result) << ", next step " << a.next_step << "\n";
    std::cout << assessment_json(rules, m, a, JsonOptions{}) << "\n";
    return a.result == Result::positive ? 0 : 1;
}
