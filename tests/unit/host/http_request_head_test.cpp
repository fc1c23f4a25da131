// plan_body: what chatd does with a request's body, decided from its headers
// before reading any of it.
#include "net/http_request_head.hpp"

#include <gtest/gtest.h>

namespace chatd::net {
namespace {

transport::HttpRequest request(std::string method, transport::HttpHeaders headers = {}) {
    transport::HttpRequest r;
    r.method = std::move(method);
    r.headers = std::move(headers);
    return r;
}

TEST(PlanBody, NoLengthMeansNoBodyForGetLikeMethods) {
    for (const char *method : {"GET", "HEAD", "DELETE", "OPTIONS"}) {
        const BodyPlan plan = plan_body(request(method), 100);
        EXPECT_EQ(plan.refusal, 0u) << method;
        EXPECT_EQ(plan.length, 0u) << method;
    }
}

TEST(PlanBody, MethodsWithABodyMustDeclareItsLength) {
    for (const char *method : {"POST", "PUT", "PATCH"})
        EXPECT_EQ(plan_body(request(method), 100).refusal, 411u) << method;
}

TEST(PlanBody, TransferEncodingIsRefusedEvenWithALength) {
    EXPECT_EQ(
        plan_body(request("POST", {{"transfer-encoding", "chunked"}, {"content-length", "5"}}), 100)
            .refusal,
        411u);
}

TEST(PlanBody, DeclaredLengthUpToTheCapIsRead) {
    BodyPlan plan = plan_body(request("POST", {{"content-length", "100"}}), 100);
    EXPECT_EQ(plan.refusal, 0u);
    EXPECT_EQ(plan.length, 100u);
    EXPECT_FALSE(plan.expects_continue);

    plan = plan_body(request("GET", {{"content-length", "3"}}), 100);
    EXPECT_EQ(plan.length, 3u) << "any method may carry a declared body";

    plan = plan_body(request("POST", {{"content-length", "0"}}), 0);
    EXPECT_EQ(plan.refusal, 0u) << "a cap of 0 still takes empty bodies";
}

TEST(PlanBody, LengthOverTheCapIs413) {
    EXPECT_EQ(plan_body(request("POST", {{"content-length", "101"}}), 100).refusal, 413u);
    EXPECT_EQ(plan_body(request("POST", {{"content-length", "1"}}), 0).refusal, 413u);
    EXPECT_EQ(plan_body(request("POST", {{"content-length", "9999999999999999999"}}), 100).refusal,
              413u);
}

TEST(PlanBody, MalformedLengthIs400) {
    for (const char *length : {"", "-1", "+5", "5 ", "0x10", "5,5", "12345678901234567890"})
        EXPECT_EQ(plan_body(request("POST", {{"content-length", length}}), 100).refusal, 400u)
            << "'" << length << "'";
}

TEST(PlanBody, ExpectContinueOnlyForABodyWeWillRead) {
    EXPECT_TRUE(
        plan_body(request("POST", {{"content-length", "5"}, {"expect", "100-Continue"}}), 100)
            .expects_continue);
    EXPECT_FALSE(
        plan_body(request("POST", {{"content-length", "0"}, {"expect", "100-continue"}}), 100)
            .expects_continue);
    EXPECT_EQ(
        plan_body(request("POST", {{"content-length", "500"}, {"expect", "100-continue"}}), 100)
            .refusal,
        413u)
        << "refused before the client sends the body";
}

} // namespace
} // namespace chatd::net
