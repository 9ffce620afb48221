"""The console entry point."""
import click


@click.group()
def main():
    """koopgraph."""


if __name__ == "__main__":
    main()
