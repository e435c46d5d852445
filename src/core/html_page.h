// The frame every page of `thomas report` shares: the stylesheet (screen and print), the
// header, the footer naming the rule set, and status and result badges that carry words and
// shapes, never colour alone.
#pragma once

#include <string>
#include <string_view>

#include "thomas/html_report.h"
#include "thomas/ids.h"
#include "thomas/ruleset.h"

namespace thomas::html {

// <!DOCTYPE html> up to the opening of the page's <main>.
std::string page_open(std::string_view title);
// The footer (rule set, made, the judgement line) and the end of the document.
std::string page_close(const RuleSet& rules, const ReportInfo& info);

// "pass", "borderline", "FAIL", "not measured" with the status's shape.
std::string status_badge(Status status);
// The result's word in capitals with its shape (a circle for negative, ... an octagon for
// refer), for the verdict line.
std::string result_badge(Result result);
// The badge of the result plus the rest of the headline after its first ':'.
std::string headline_html(Result result, const std::string& headline);

}  // namespace thomas::html
