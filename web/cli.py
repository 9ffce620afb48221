"""The console entry point: graph's data commands plus ``serve``."""

from __future__ import annotations

import click

from koopgraph.graph.cli import DATA_COMMANDS, KoopgraphGroup


@click.group(cls=KoopgraphGroup, context_settings={"help_option_names": ["-h", "--help"]})
@click.option("--debug", is_flag=True, help="Show tracebacks for errors.")
@click.version_option(package_name="koopgraph")
def main(debug):
    """koopgraph — explore the cooperation networks of German municipalities in integration policy."""


for command in DATA_COMMANDS:
    main.add_command(command)


if __name__ == "__main__":
    main()
