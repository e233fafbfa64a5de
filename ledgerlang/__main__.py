from ledgerlang.cli.main import command

command()
