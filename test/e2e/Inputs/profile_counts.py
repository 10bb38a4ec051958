"""The profile (ame-report --json) holds as many aborts as AME_STATS=json
counted in the same run, and at least one (the test contends).

  profile_counts.py REPORT.json STATS_STDERR
"""
import json
import sys

report = json.load(open(sys.argv[1]))
stats_text = open(sys.argv[2]).read()
stats = json.loads(stats_text[stats_text.index('{'):stats_text.rindex('}') + 1])
counted = sum(stats['aborts'].values())
recorded = report['header']['aborts']
if recorded != counted:
    sys.exit('profile holds %d aborts, AME_STATS counted %d' % (recorded,
                                                                 counted))
if counted < 1:
    sys.exit('only %d aborts: the test did not contend' % counted)
print('every abort recorded (%d)' % counted)
