"""An unmasked export records WHICH people it revealed (their ids), not only how many."""

from sanwei.core.models import ActionLog


def test_unmasked_export_logs_the_ids_of_the_people_it_revealed(secretary_a, roster, export):
    export(secretary_a, "persons", method="post", unmask="on")

    log = ActionLog.objects.get(action_type="sanwei.export.unmasked")
    # The secretary's village: 张三, 李四 (一组) and 王五 (the village itself); not 赵六.
    assert log.data["unmasked_person_ids"] == sorted(
        [roster["zhang"].pk, roster["li"].pk, roster["wang"].pk]
    )
    assert log.data["unmasked_people"] == 3


def test_masked_export_names_nobody(secretary_a, roster, export):
    export(secretary_a, "persons", method="post")

    log = ActionLog.objects.get(action_type="sanwei.export.created")
    assert log.data["unmasked_person_ids"] == []
