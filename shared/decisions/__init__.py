"""Collective decisions: proposals made on the tablet, secret votes, results the group can see."""
