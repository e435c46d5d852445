// RuleReader: the measures and criteria sections (bands, cut-offs, derived minus: criteria).
#include <fmt/format.h>

#include <algorithm>
#include <charconv>
#include <cmath>
#include <map>
#include <set>

#include "rule_reader.h"

namespace thomas::detail {

void RuleReader::read_measures(const YAML::Node& node) {
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
            error(it->first,
                  hint ? fmt::format("unknown measure \"{}\" (did you mean \"{}\"?)", name, *hint)
                       : fmt::format("unknown measure \"{}\" (expected one of: {})", name,
                                     accepted_measures()));
            continue;
        }
        read_measure(*id, it->second);
    }
}

const Keys& RuleReader::measure_names() {
    // The ids of ids.cpp, in Measure order (for "did you mean").
    static const Keys names = [] {
        Keys out;
        for (std::size_t i = 0; i < k_measure_count; ++i) {
            out.push_back(to_string(static_cast<Measure>(i)));
        }
        return out;
    }();
    return names;
}

void RuleReader::read_measure(Measure id, const YAML::Node& n) {
    MeasureDef& def = rules_.measures[static_cast<std::size_t>(id)];
    const bool boolean = id == Measure::lumbar_flat;
    const std::string what = fmt::format("measure \"{}\"", to_string(id));
    if (!check_section(n, boolean ? "yes/no measure" : "angle measure", what)) {
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
    read_change_terms(n, def, what);
}

// mdc, better, mdc_minus and mdc_source: how `progress` judges a change between two visits.
void RuleReader::read_change_terms(const YAML::Node& n, MeasureDef& def, const std::string& what) {
    if (!n["mdc"] && !n["better"] && !n["mdc_source"] && !n["mdc_minus"]) {
        return;
    }
    const YAML::Node mdc = n["mdc"];
    if (!mdc) {
        error(n, fmt::format("{}: better, mdc_minus and mdc_source need mdc (the smallest real "
                             "change between two visits, or none)",
                             what));
    } else if (mdc.IsScalar() && mdc.Scalar() == "none") {
        def.mdc_none = true;
        if (n["better"] || n["mdc_minus"]) {
            error(mdc, fmt::format("{}: mdc none judges no change, so better and mdc_minus "
                                   "mean nothing",
                                   what));
        }
    } else if (auto value = get_number(n, "mdc")) {
        if (*value <= 0 || *value >= def.max - def.min) {
            error(mdc, fmt::format("{}: mdc must be above 0 and below the width of the "
                                   "plausible range ({}), found {}",
                                   what, format_number(def.max - def.min), format_number(*value)));
        }
        def.mdc = value;
        if (const YAML::Node b = n["better"]) {
            def.better = b.IsScalar() ? parse_better(b.Scalar()) : std::nullopt;
            if (!def.better) {
                error(b, fmt::format("{}: better must be one of {}", what, accepted_betters()));
            }
        } else {
            error(n, fmt::format("{}: mdc needs better: (one of {}) to tell an improvement from "
                                 "a worsening",
                                 what, accepted_betters()));
        }
    }
    if (const YAML::Node minus = n["mdc_minus"]; minus && !def.mdc_none) {
        def.mdc_minus = minus.IsScalar() ? parse_measure(minus.Scalar()) : std::nullopt;
        if (!def.mdc_minus || *def.mdc_minus == def.id || *def.mdc_minus == Measure::lumbar_flat ||
            !rules_.measure(*def.mdc_minus).declared) {
            error(minus, fmt::format("{}: mdc_minus must name another angle measure declared "
                                     "before it",
                                     what));
            def.mdc_minus.reset();
        }
    }
    def.mdc_sources = read_source_refs(n, "mdc_source");
    if (mdc) {
        require_source(n, def.mdc_sources, what + " (its mdc, as mdc_source)");
    }
}

void RuleReader::read_criteria(const YAML::Node& node) {
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

void RuleReader::read_criterion(const YAML::Node& n) {
    if (!check_section(n, "criterion")) {
        remember_refused(n, criterion_index_, refused_criteria_, "criterion");
        return;
    }
    Criterion c;
    c.pos = detail::pos_of(n);
    c.id = get_string(n, "id").value_or("");
    c.title = get_string(n, "title").value_or("");
    check_new_id(n["id"], c.id, criterion_index_, refused_criteria_, "criterion");
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
            error(mnode,
                  fmt::format("measure \"{}\" is not declared under measures:", mnode.Scalar()));
        }
    }
    if (measure) {
        c.measure = *measure;
        c.boolean = *measure == Measure::lumbar_flat;
        c.minus = read_minus(n, c);
        if (const YAML::Node a = n["asymmetry"]) {
            // A derived value (knee minus thigh) is compared between sides as such; a plain
            // measure's left-right threshold belongs to the measure.
            if (!c.minus) {
                error(a, fmt::format("criterion \"{}\": asymmetry is only for a derived criterion "
                                     "(with minus:); give a measure's under measures:",
                                     c.id));
            } else if (auto v = get_number(n, "asymmetry"); v && *v <= 0) {
                error(a, fmt::format("criterion \"{}\": asymmetry must be above 0", c.id));
            } else {
                c.asymmetry = v;
            }
        }
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
std::optional<Measure> RuleReader::read_minus(const YAML::Node& n, const Criterion& c) {
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
        error(m,
              hint ? fmt::format("unknown measure \"{}\" (did you mean \"{}\"?)", m.Scalar(), *hint)
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
std::pair<double, double> RuleReader::criterion_range(const YAML::Node& n, const Criterion& c) {
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
            error(range, fmt::format("criterion \"{}\": range min {} must be below max {}", c.id,
                                     format_number(*lo), format_number(*hi)));
        }
        r = {*lo, *hi};
    }
    return r;
}

void RuleReader::read_boolean_criterion(const YAML::Node& n, Criterion& c) {
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
    if (msgs && check_section(msgs, "messages")) {
        c.message_pass = get_string(msgs, "pass").value_or("");
        c.message_fail = get_string(msgs, "fail").value_or("");
        c.message_not_measured = get_string(msgs, "not_measured").value_or("");
    }
}

void RuleReader::read_bands(const YAML::Node& n, Criterion& c) {
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
        if (!check_section(b, "band")) {
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
                                 c.id, band_text(band.min, band.max), range_text(def.min, def.max),
                                 of));
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
            error(read[i].second,
                  fmt::format("criterion \"{}\": gap before band {}: no band "
                              "covers {}",
                              c.id, band_text(band.min, band.max), band_text(covered, band.min)));
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

}  // namespace thomas::detail
