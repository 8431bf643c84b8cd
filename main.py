"""Start the board app: the GUI, or the command line when given a subcommand."""

from board_app.app import run

if __name__ == "__main__":
    run()
