// Reads an iCalendar feed on stdin with Mozilla's ical.js (Thunderbird's engine) and prints each event's
// UID with its start and end as UTC instants (seconds since 1970), as JSON: {"uid": [start, end], ...}.
import ICAL from "ical.js";

let text = "";
process.stdin.setEncoding("utf8");
for await (const chunk of process.stdin) text += chunk;
const calendar = new ICAL.Component(ICAL.parse(text));
for (const zone of calendar.getAllSubcomponents("vtimezone")) {
  ICAL.TimezoneService.register(zone);
}
const events = {};
for (const vevent of calendar.getAllSubcomponents("vevent")) {
  const event = new ICAL.Event(vevent);
  events[event.uid] = [event.startDate.toUnixTime(), event.endDate.toUnixTime()];
}
process.stdout.write(JSON.stringify(events));
