"""Residents with names that exercise every kind of search."""

from __future__ import annotations

import pytest

from ..factories import PersonFactory


@pytest.fixture(autouse=True)
def _fast_password_hasher(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture
def residents(tree):
    village = tree["village_a"]
    made = {}
    for name, phone in [
        ("张三", "13800001234"),
        ("张三丰", "13900004321"),
        ("李四", "13700005678"),
        ("曾国华", "13600002468"),  # 曾 as a surname: zeng (ordinary reading: ceng)
        ("单田芳", "13500001357"),  # 单 as a surname: shan (ordinary reading: dan)
        ("解晓东", "13400008642"),  # 解 as a surname: xie (ordinary reading: jie)
        ("仇小红", ""),  # 仇 as a surname: qiu
        ("欧阳娜娜", ""),
        ("王镇", "13300009753"),
    ]:
        made[name] = PersonFactory(name=name, region=village, phone=phone)
    made["赵六"] = PersonFactory(name="张三", region=tree["other_village"], phone="13800001234")
    return made
