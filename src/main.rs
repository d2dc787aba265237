//! The `interview-coach` binary: a thin wrapper over the library's command line.

fn main() -> std::process::ExitCode {
    interview_coach::cli::main()
}
