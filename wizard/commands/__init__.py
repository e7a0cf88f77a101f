"""One module per `wizard` subcommand; each parses its own arguments and prints its own output."""
