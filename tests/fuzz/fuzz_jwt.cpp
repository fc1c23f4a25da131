// Every token a client presents goes through Verifier::verify: any bytes must
// give claims or a Failure, never crash, throw or take long. A token whose
// signature is wrong stops at the signature, so each input is also tried as
// a header and a payload (split at the first newline) signed with the key,
// which takes the claim checks whatever an issuer could sign.
#include "jwt_verifier.hpp"
#include "support/jwt_mint.hpp"

#include "base64url.hpp"

#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string_view>
#include <variant>

namespace {

using namespace chatd::auth::jwt;

const std::string kSecret = "a fuzzing secret of at least 32 bytes";
constexpr int64_t kNow = 1'764'547'200;

const Verifier &verifier() {
    static const Verifier verifier(
        {.algorithm = Algorithm::HS256, .key = kSecret, .issuer = "chatd", .audience = "chat"});
    return verifier;
}

void check(std::string_view token) {
    auto result = verifier().verify(token, kNow);
    if (const auto *claims = std::get_if<nlohmann::json>(&result); claims && !claims->is_object())
        std::abort();
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
    const std::string_view input(reinterpret_cast<const char *>(data), size);
    check(input);
    const size_t newline = input.find('\n');
    if (newline == std::string_view::npos) return 0;
    const std::string signing_input = base64url_encode(input.substr(0, newline)) + "." +
                                      base64url_encode(input.substr(newline + 1));
    check(chatd::test::jwt::join(signing_input, chatd::test::jwt::hs256(kSecret, signing_input)));
    return 0;
}
