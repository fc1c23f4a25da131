// Which words the filter finds, what it masks, and the tricks it sees through.
#include "word_filter.hpp"

#include <gtest/gtest.h>

#include <string>
#include <vector>

namespace chatd::moderation {
namespace {

const WordFilter &filter() {
    static const WordFilter instance({"badword", "reject:spam*", "mask:darn", "mask:heck", "ass"});
    return instance;
}

Verdict verdict(std::string_view text) { return filter().apply(text).verdict; }

std::string masked(std::string_view text) {
    const FilterResult result = filter().apply(text);
    EXPECT_EQ(result.verdict, Verdict::Mask) << text;
    return result.text;
}

std::string refusal(const std::string &entry) {
    try {
        WordFilter bad({"fine", entry});
    } catch (const std::invalid_argument &e) {
        return e.what();
    }
    return "";
}

TEST(WordFilterTest, CleanTextPassesAsItCame) {
    const FilterResult result = filter().apply("a perfectly good day");
    EXPECT_EQ(result.verdict, Verdict::Pass);
    EXPECT_EQ(result.text, "a perfectly good day");
    EXPECT_EQ(result.matched, "");
}

TEST(WordFilterTest, RejectEntriesRefuseAndNameTheEntry) {
    const FilterResult result = filter().apply("you badword!");
    EXPECT_EQ(result.verdict, Verdict::Reject);
    EXPECT_EQ(result.matched, "badword");
    EXPECT_EQ(filter().apply("buy spam now").matched, "reject:spam*");
}

TEST(WordFilterTest, AWildcardStandsForAnyLettersWithinTheWord) {
    EXPECT_EQ(verdict("spam"), Verdict::Reject);
    EXPECT_EQ(verdict("spammers everywhere"), Verdict::Reject);
    EXPECT_EQ(verdict("antispam"), Verdict::Pass) << "the match must begin where the word does";
    const WordFilter middle({"f*k"});
    EXPECT_EQ(middle.apply("what the fork").verdict, Verdict::Reject);
    EXPECT_EQ(middle.apply("fk").verdict, Verdict::Reject);
    EXPECT_EQ(middle.apply("forks").verdict, Verdict::Pass);
}

TEST(WordFilterTest, MaskReplacesTheWordOneStarPerCharacterAndKeepsTheRest) {
    EXPECT_EQ(masked("oh darn it"), "oh **** it");
    EXPECT_EQ(masked("Darn, darn; DARN!"), "****, ****; ****!");
    EXPECT_EQ(masked("d a r n"), "*******") << "the separators between the letters too";
    EXPECT_EQ(masked("what the h.e.c.k?"), "what the *******?");
    EXPECT_EQ(masked("\xD0\xBF\xD1\x80 darn \xF0\x9F\x98\x80"),
              "\xD0\xBF\xD1\x80 **** \xF0\x9F\x98\x80");
    EXPECT_EQ(filter().apply("oh darn it").matched, "mask:darn");
}

TEST(WordFilterTest, RejectWinsOverMask) {
    const FilterResult result = filter().apply("darn this badword");
    EXPECT_EQ(result.verdict, Verdict::Reject);
    EXPECT_EQ(result.matched, "badword");
}

TEST(WordFilterTest, MatchingIgnoresCaseInLatinGreekAndCyrillic) {
    EXPECT_EQ(verdict("BadWord"), Verdict::Reject);
    const WordFilter words({"\xC3\xA9t\xC3\xA9", "\xCE\xBB\xCF\x8C\xCE\xB3\xCE\xBF\xCF\x82",
                            "\xD0\xBF\xD0\xBB\xD0\xBE\xD1\x85\xD0\xBE"});
    EXPECT_EQ(words.apply("\xC3\x89T\xC3\x89").verdict, Verdict::Reject); // ÉTÉ
    EXPECT_EQ(words.apply("\xCE\x9B\xCE\x8C\xCE\x93\xCE\x9F\xCE\xA3").verdict,
              Verdict::Reject); // ΛΌΓΟΣ, final sigma against capital sigma
    EXPECT_EQ(words.apply("\xD0\x9F\xD0\x9B\xD0\x9E\xD0\xA5\xD0\x9E").verdict,
              Verdict::Reject); // ПЛОХО
}

TEST(WordFilterTest, SpelledOutLettersAreReadAsTheWord) {
    EXPECT_EQ(verdict("b a d w o r d"), Verdict::Reject);
    EXPECT_EQ(verdict("b.a.d.w.o.r.d"), Verdict::Reject);
    EXPECT_EQ(verdict("b-a_d w.o-r_d"), Verdict::Reject);
    EXPECT_EQ(verdict("you are a b a d w o r d"), Verdict::Reject)
        << "with one-letter words before it";
    EXPECT_EQ(verdict("b\xC2\xA0"
                      "a d w o r d"),
              Verdict::Reject); // a no-break space
}

TEST(WordFilterTest, InvisibleCharactersAreIgnored) {
    EXPECT_EQ(verdict("bad\xE2\x80\x8Bword"), Verdict::Reject); // zero-width space
    EXPECT_EQ(verdict("b\xC2\xAD"
                      "adw\xE2\x80\x8Dord"),
              Verdict::Reject); // soft hyphen, ZWJ
    EXPECT_EQ(masked("d\xE2\x80\x8B"
                     "arn!"),
              "*****!")
        << "one star per code point";
}

TEST(WordFilterTest, FullWidthLettersAreTheirAscii) {
    // ＢＡＤＷＯＲＤ
    EXPECT_EQ(verdict("\xEF\xBC\xA2\xEF\xBC\xA1\xEF\xBC\xA4\xEF\xBC\xB7\xEF\xBC\xAF\xEF\xBC\xB2"
                      "\xEF\xBC\xA4"),
              Verdict::Reject);
    EXPECT_EQ(masked("\xEF\xBD\x84\xEF\xBD\x81\xEF\xBD\x92\xEF\xBD\x8E."), "****."); // ｄａｒｎ.
}

TEST(WordFilterTest, DigitsStandForLettersOnlyInWordsWithLetters) {
    EXPECT_EQ(verdict("b4dw0rd"), Verdict::Reject);
    EXPECT_EQ(verdict("a55"), Verdict::Reject);
    EXPECT_EQ(verdict("5p4m"), Verdict::Reject);
    EXPECT_EQ(verdict("room 455"), Verdict::Pass) << "a number is a number";
    EXPECT_EQ(verdict("4 5 5"), Verdict::Pass);
}

TEST(WordFilterTest, NoMatchInsideALongerWord) {
    EXPECT_EQ(verdict("first class"), Verdict::Pass);
    EXPECT_EQ(verdict("assess the passage"), Verdict::Pass);
    EXPECT_EQ(verdict("badwords"), Verdict::Pass);
    EXPECT_EQ(verdict("it's pam"), Verdict::Pass) << "neighbouring words do not spell one";
    EXPECT_EQ(verdict("sp am and s pam"), Verdict::Pass)
        << "pieces longer than a letter stay apart";
    EXPECT_EQ(verdict("a s sembly"), Verdict::Pass) << "the spelled run must end the word";
    EXPECT_EQ(verdict("the ass."), Verdict::Reject);
}

TEST(WordFilterTest, InvalidUtf8NeitherCrashesNorHidesAWord) {
    EXPECT_EQ(verdict("\xFF\xFE bad\x80word"), Verdict::Pass) << "a bad byte ends a word";
    EXPECT_EQ(verdict("\xFF"
                      "badword\xC0"),
              Verdict::Reject);
    const std::string hostile(5000, '\x80');
    EXPECT_EQ(verdict(hostile), Verdict::Pass);
    EXPECT_EQ(masked("\xE2\x82 darn"), "\xE2\x82 ****");
}

TEST(WordFilterTest, LongHostileInputStaysCheap) {
    // A long spelled-out run of the letter an entry begins with and repeats
    // is the worst case: every letter starts a try of kMaxPatternLength
    // letters. Without backtracking that stays a few thousand steps a letter.
    std::string run;
    for (int i = 0; i < 5'000; ++i)
        run += "a ";
    const WordFilter filter({"*b*c*d*e*f*g", "a*a*a*a*a*z"});
    EXPECT_EQ(filter.apply(run).verdict, Verdict::Pass);
    EXPECT_EQ(filter.apply(std::string(100'000, 'a')).verdict, Verdict::Pass);
}

TEST(WordFilterTest, BadEntriesAreRefusedByName) {
    EXPECT_EQ(refusal(""), "word_filter entry \"\": it names no word");
    EXPECT_EQ(refusal("mask:"), "word_filter entry \"mask:\": it names no word");
    EXPECT_EQ(refusal("*"), "word_filter entry \"*\": '*' alone would match every word");
    EXPECT_EQ(refusal("two words"),
              "word_filter entry \"two words\": ' ' is no letter, digit or '*' (an entry is a "
              "word, after mask: or reject: or neither)");
    EXPECT_NE(refusal("drop:word").find("':' is no letter"), std::string::npos);
    EXPECT_NE(refusal("re:b.d").find("word_filter entry \"re:b.d\""), std::string::npos);
    EXPECT_NE(refusal("bad\xFF").find("it is not UTF-8"), std::string::npos);
    EXPECT_NE(refusal(std::string(65, 'x')).find("longer than 64"), std::string::npos);
    EXPECT_EQ(refusal(std::string(64, 'x')), "");
}

} // namespace
} // namespace chatd::moderation
