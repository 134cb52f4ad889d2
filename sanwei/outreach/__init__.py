"""送学 (one-on-one delivery): gap tasks assigned to lecturers and volunteers, and the deliveries that mark a person reached (an Activity of a delivery type plus its details)."""
