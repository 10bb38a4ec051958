"""Checks ame-report --json of the hot-counter example against what the
program measured itself (ame_stats_thread and a clock around each block).

  profile_check.py REPORT.json PROGRAM_OUTPUT HOT_LINE
"""
import json
import re
import sys

report = json.load(open(sys.argv[1]))
output = open(sys.argv[2]).read()
hot_line = int(sys.argv[3])

m = re.search(r'aborts: (\d+) in blocks that count requests \(([\d.]+)%\), '
              r'(\d+) in blocks that append', output)
t = re.search(r'time lost: [\d.]+ ms in blocks that count requests '
              r'\(([\d.]+)%\)', output)
if not m or not t:
    sys.exit('no abort counts or lost time in the program output')
hot, cold = int(m.group(1)), int(m.group(3))
hot_share, hot_time_share = float(m.group(2)), float(t.group(1))

header = report['header']
# No lost records: the profile holds as many aborts as the program counted.
if header['aborts'] != hot + cold:
    sys.exit('profile has %d aborts, the program counted %d'
             % (header['aborts'], hot + cold))
if report['pairs_total'] > len(report['pairs']):
    sys.exit('ask for all pairs (--top) so the shares add up')

top = report['pairs'][0]
site, other = top['site'], top['other_site']
for s in (site, other):
    if s['line'] != hot_line or s['what'] != 'struct server.requests':
        sys.exit('top pair is not the hot counter: %s vs %s'
                 % (site['location'], other['location']))
print('top pair: %s %s of %s <- %s %s' % (site['location'], site['kind'],
      site['what'], other['location'], other['kind']))

# Every pair whose site is the hot counter's line.
hot_pairs = [p for p in report['pairs'] if p['site']['line'] == hot_line]
aborts = sum(p['aborts'] for p in hot_pairs)
time_share = sum(p['wasted_percent_of_wasted'] for p in hot_pairs)
print('hot counter: %d aborts in the report, %d counted by the program; '
      '%.1f%% of wasted time in the report, %.1f%% measured by the program'
      % (aborts, hot, time_share, hot_time_share))
if aborts != hot:
    sys.exit('the report blames the hot counter for another number of aborts')
if abs(time_share - hot_time_share) > 10:
    sys.exit('the shares of wasted time differ by more than 10 points')
