"""Change notices: services report what an operation changed (``Services.take_changes``)."""

from __future__ import annotations

from board_app.domain.items import Item, PublicationType
from board_app.services.changes import ALL, Changes


def test_actions_map_to_the_kinds_of_records_they_change():
    assert Changes.of_action("item.update") == Changes(items=True)
    assert Changes.of_action("category.reorder") == Changes(catalogue=True)
    assert Changes.of_action("feedback.reply") == Changes(feedback=True)
    assert Changes.of_action("matter.disclose_result") == Changes(items=True, matters=True)
    assert Changes.of_action("something.new") == ALL  # unknown: refresh everything
    assert Changes(items=True) | Changes(feedback=True) == Changes(items=True, feedback=True)
    assert not Changes() and Changes(matters=True)


def test_services_say_what_each_operation_changed(services, party_org):
    services.take_changes()  # creating the organization and its catalogue
    assert not services.take_changes()
    item = services.items.save(
        Item(title="通知", publication_type=PublicationType.LONG_TERM, organization_id=party_org.id)
    )
    assert services.take_changes() == Changes(items=True)
    cat = services.orgs.categories(party_org.id)[0]
    cat.name = cat.name + "（修订）"
    services.orgs.save_category(cat)
    services.items.delete_draft(item.id)
    assert services.take_changes() == Changes(items=True, catalogue=True)
    assert not services.take_changes()
