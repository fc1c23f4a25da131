#pragma once

#include <gtest/gtest.h>
#include <initializer_list>
#include <optional>
#include <string>
#include <string_view>

namespace chatd::test {

// "1.0" as refusals spell an ABI version.
inline std::string abi_version(unsigned major, unsigned minor) {
    return std::to_string(major) + "." + std::to_string(minor);
}

// A refusal must tell the user why in their words: every fact must appear in it.
inline testing::AssertionResult mentions(const std::optional<std::string> &refusal,
                                         std::initializer_list<std::string_view> facts) {
    if (!refusal) return testing::AssertionFailure() << "accepted, not refused";
    for (std::string_view fact : facts)
        if (refusal->find(fact) == std::string::npos)
            return testing::AssertionFailure()
                   << "'" << *refusal << "' does not mention '" << fact << "'";
    return testing::AssertionSuccess() << *refusal;
}

} // namespace chatd::test
