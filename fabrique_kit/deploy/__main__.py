"""``python -m fabrique_kit.deploy service run ROOT`` — the deploy commands on their own."""

import click

from fabrique_kit.deploy.commands import build_deploy_command, build_service_group


@click.group()
def main():
    pass


main.add_command(build_service_group())
main.add_command(build_deploy_command())

if __name__ == "__main__":
    main()
