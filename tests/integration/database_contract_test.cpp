// The Database contract (support/database_contract.hpp) on PostgreSQL
// through libpq: the same checks the scripted fake passes.
#include "support/database_contract.hpp"
#include "support/pg_server.hpp"

namespace retort::testing {
namespace {

ContractBackend postgres_backend() {
  return ContractBackend{"PostgreSQL",
                         []() -> Connector {
                           PgServer* server = PgServer::shared();
                           if (server == nullptr) return {};
                           std::string url = server->create_database();
                           return [url](const std::string&, double) {
                             return connect_postgres(url, 0);
                           };
                         },
                         "SELECT pg_sleep(30)"};
}

INSTANTIATE_TEST_SUITE_P(Postgres, DatabaseContract, ::testing::Values(postgres_backend()),
                         [](const auto&) { return std::string("libpq"); });

}  // namespace
}  // namespace retort::testing
