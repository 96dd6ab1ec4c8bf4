#include "support/fake_aws_endpoints.hpp"

#include <signal.h>

#include <chrono>
#include <fstream>
#include <mutex>
#include <sstream>
#include <stdexcept>
#include <thread>

#include "support/process.hpp"

namespace retort::testing {
namespace {

std::filesystem::path aws_dir() {
  return std::filesystem::path(RETORT_SOURCE_DIR) / "tests" / "aws";
}

// The test PKI of this process, made by make-test-ca on first use and
// removed at exit with its TempDir.
const std::filesystem::path& pki_dir() {
  static std::once_flag once;
  static std::unique_ptr<TempDir> dir;
  static std::string error;
  std::call_once(once, [] {
    auto made = std::make_unique<TempDir>();
    auto result = run_process({(aws_dir() / "make-test-ca").string(), made->path().string()});
    if (result.exit_code != 0) {
      error = "make-test-ca failed (" + std::to_string(result.exit_code) + "): " + result.err;
      return;
    }
    dir = std::move(made);
  });
  if (!dir) throw std::runtime_error(error);
  return dir->path();
}

std::string slurp(const std::filesystem::path& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream text;
  text << in.rdbuf();
  return text.str();
}

void write_atomically(const std::filesystem::path& path, const std::string& content) {
  auto partial = path;
  partial += ".partial";
  {
    std::ofstream out(partial, std::ios::binary | std::ios::trunc);
    out << content;
    if (!out.flush()) throw std::runtime_error("cannot write " + partial.string());
  }
  std::filesystem::rename(partial, path);
}

}  // namespace

FakeAwsEndpoints::FakeAwsEndpoints(const nlohmann::json& scenario, Transport transport)
    : m_transport(transport) {
  set_scenario(scenario);
  std::vector<std::string> argv = {RETORT_PYTHON3, (aws_dir() / "fake_aws.py").string(),
                                   "--scenario",   (m_dir.path() / "scenario.json").string(),
                                   "--port-file",  (m_dir.path() / "port").string(),
                                   "--log",        (m_dir.path() / "requests.jsonl").string()};
  if (transport == Transport::https) {
    argv.insert(argv.end(), {"--tls-cert", (pki_dir() / "server.pem").string(), "--tls-key",
                             (pki_dir() / "server.key").string()});
  }
  ProcessOptions options;
  options.env = {{"PYTHONDONTWRITEBYTECODE", "1"}};
  m_process = std::make_unique<BackgroundProcess>(argv, options);
  auto port_file = m_dir.path() / "port";
  auto until = std::chrono::steady_clock::now() + std::chrono::seconds(15);
  while (!std::filesystem::exists(port_file)) {
    if (!m_process->running()) {
      throw std::runtime_error("fake_aws.py exited before listening: " + m_process->err());
    }
    if (std::chrono::steady_clock::now() > until) {
      throw std::runtime_error("fake_aws.py did not listen within 15 s: " + m_process->err());
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
  }
  m_port = std::stoi(slurp(port_file));
}

FakeAwsEndpoints::~FakeAwsEndpoints() {
  if (m_process && m_process->stop(SIGTERM, std::chrono::seconds(5)) < 0) {
    m_process->stop(SIGKILL, std::chrono::seconds(5));
  }
}

std::string FakeAwsEndpoints::url() const {
  return std::string(m_transport == Transport::https ? "https://" : "http://") + host_port();
}

std::string FakeAwsEndpoints::host_port() const {
  return "127.0.0.1:" + std::to_string(m_port);
}

std::filesystem::path FakeAwsEndpoints::ca_bundle() {
  return pki_dir() / "ca.pem";
}

std::filesystem::path FakeAwsEndpoints::wrong_ca_bundle() {
  return pki_dir() / "wrong-ca.pem";
}

void FakeAwsEndpoints::set_scenario(const nlohmann::json& scenario) {
  write_atomically(m_dir.path() / "scenario.json", scenario.dump(2));
}

std::vector<nlohmann::json> FakeAwsEndpoints::requests() const {
  std::vector<nlohmann::json> result;
  std::istringstream lines(slurp(m_dir.path() / "requests.jsonl"));
  std::string line;
  // The fake writes each line whole; a last line without its newline is one
  // still being written.
  while (std::getline(lines, line)) {
    if (lines.eof()) break;
    if (!line.empty()) result.push_back(nlohmann::json::parse(line));
  }
  return result;
}

std::vector<nlohmann::json> FakeAwsEndpoints::requests(const std::string& role) const {
  std::vector<nlohmann::json> result;
  for (auto& request : requests()) {
    if (request.value("role", nlohmann::json()) == role) result.push_back(std::move(request));
  }
  return result;
}

}  // namespace retort::testing
