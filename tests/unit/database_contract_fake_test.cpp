// The Database contract (support/database_contract.hpp) on the scripted
// fake: the fake the executor's unit tests use behaves as PostgreSQL does
// where the executor depends on it.
#include "support/database_contract.hpp"
#include "support/scripted_database.hpp"

namespace retort::testing {
namespace {

ContractBackend fake_backend() {
  return ContractBackend{"the scripted fake",
                         [] {
                           auto server = std::make_shared<ScriptedServer>();
                           server->fail_when_contains("pg_sleep", ScriptedFailure::blocking());
                           Connector inner = server->connector();
                           return Connector([server, inner](const std::string& url, double wait_s) {
                             return inner(url, wait_s);
                           });
                         },
                         "SELECT pg_sleep(30)"};
}

INSTANTIATE_TEST_SUITE_P(Fake, DatabaseContract, ::testing::Values(fake_backend()),
                         [](const auto&) { return std::string("ScriptedServer"); });

}  // namespace
}  // namespace retort::testing
