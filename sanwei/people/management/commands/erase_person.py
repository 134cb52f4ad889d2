from django.core.management.base import BaseCommand, CommandError

from sanwei.accounts.permissions import SYSTEM
from sanwei.core.errors import ServiceError
from sanwei.core.i18n import gettext as _
from sanwei.people import services
from sanwei.people.models import Person


def find_person(key: str) -> Person:
    """A person by database id (digits, shorter than an ID number) or by ID number."""
    key = key.strip()
    person = None
    if key.isdigit() and len(key) < 15:
        person = Person.unscoped.filter(pk=int(key)).first()
    else:
        person = services.person_with_id(key.upper())
    if person is None:
        raise CommandError(_("没有找到这名群众"))
    return person


class Command(BaseCommand):
    help = (
        "Erase one person on request (PIPL): delete them, keeping their audience attendance "
        "as head counts, or with --anonymise keep the record without name, ID number, phone "
        "and the other personal fields. Logged."
    )

    def add_arguments(self, parser):
        parser.add_argument("person", help="the person's database id or ID number")
        parser.add_argument(
            "--anonymise",
            action="store_true",
            help="keep the record (and every figure) but clear the personal fields",
        )

    def handle(self, person: str, anonymise: bool = False, **options):
        found = find_person(person)
        try:
            if anonymise:
                services.anonymise_person(found, user=SYSTEM)
                self.stdout.write(_("已将该群众匿名化（记录 %(pk)d）。") % {"pk": found.pk})
            else:
                pk = found.pk
                result = services.erase_person(found, user=SYSTEM)
                self.stdout.write(
                    _("已删除该群众（记录 %(pk)d），%(n)d 次受众参与改记为未登记姓名的人数。")
                    % {"pk": pk, "n": result["attendances_folded"]}
                )
        except ServiceError as e:
            raise CommandError(e.message) from e
