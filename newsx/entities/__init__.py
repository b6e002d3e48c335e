"""Named entities: recognisers (gazetteer, trained model, optional backends), dateline, linking."""
