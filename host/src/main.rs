//! The `metamorph` binary: `serve` (default) or `migrate`.

use std::process::ExitCode;

use clap::Parser;
use metamorph_host::config::{Cli, Command};
use metamorph_host::{server, telemetry};

fn main() -> ExitCode {
    let cli = Cli::parse();
    let settings = cli.settings;
    telemetry::init(&settings.log, settings.log_format);
    let command = cli.command.unwrap_or(Command::Serve);

    if command == Command::Serve {
        if let Err(e) = settings.validate() {
            eprintln!("metamorph: refusing to start: {e}");
            return ExitCode::from(2);
        }
    }

    let runtime = match tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
    {
        Ok(rt) => rt,
        Err(e) => {
            eprintln!("metamorph: cannot start the async runtime: {e}");
            return ExitCode::FAILURE;
        }
    };
    let result = runtime.block_on(async {
        match command {
            Command::Serve => server::serve(settings).await.map_err(|e| e.to_string()),
            Command::Migrate => server::open_and_migrate(&settings)
                .await
                .map(|db| db.close())
                .map_err(|e| e.to_string()),
        }
    });
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("metamorph: {e}");
            ExitCode::FAILURE
        }
    }
}
