"""Campaign setup on the site (/einrichten/), for campaign managers: no code, no admin."""
