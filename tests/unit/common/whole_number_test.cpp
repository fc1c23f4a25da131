// Numbers a plugin wrote as text and reads back: digits only, the whole text.
#include "whole_number.hpp"

#include <gtest/gtest.h>

namespace chatd::plugins {
namespace {

TEST(WholeNumber, DigitsAreTheirNumberUpToTheLargestThatFits) {
    EXPECT_EQ(whole_number("0"), 0u);
    EXPECT_EQ(whole_number("007"), 7u);
    EXPECT_EQ(whole_number("18446744073709551615"), UINT64_MAX);
}

TEST(WholeNumber, AnythingButDigitsOrANumberTooLargeIsNone) {
    for (const char *text :
         {"", "-1", "+1", " 1", "1 ", "1.5", "1e3", "0x1", "a", "18446744073709551616"})
        EXPECT_EQ(whole_number(text), std::nullopt) << '"' << text << '"';
}

} // namespace
} // namespace chatd::plugins
