"""Runs the hot-counter example under the profiler and checks ame-report's
account of it against what the program measured itself.

  profile_check.py PROGRAM AME_REPORT WORKDIR READ_LINE WRITE_LINE

READ_LINE takes the ticket from the hot counter, WRITE_LINE increments it.
Checked: the top pair is the hot counter's read and write; the profile holds
every abort the program counted (ame_stats_thread around each block), each
blamed on the block it happened in; and the hot counter's share of the
wasted time is within 10 points of its share of the aborts. A thread
preempted inside an attempt wastes a whole time slice in one abort, so on a
loaded machine a single such abort in the cold path can move the shares by
more than that: the run is repeated, up to three times, until one is free
of such outliers.
"""
import json
import re
import subprocess
import sys

program, ame_report, work = sys.argv[1], sys.argv[2], sys.argv[3]
read_line, write_line = int(sys.argv[4]), int(sys.argv[5])
REGION_LINES = {'hot': read_line - 1, 'cold': None}


def attempt(n):
    prof = '%s.%d.ameprof' % (work, n)
    out = subprocess.run([program, '2', '200000'], env={'AME_PROFILE': prof},
                         capture_output=True, text=True, check=True).stdout
    report = json.loads(subprocess.run(
        [ame_report, '--top', '1000', '--json', prof], capture_output=True,
        text=True, check=True).stdout)
    m = re.search(r'aborts: (\d+) in blocks that count requests \([\d.]+%\), '
                  r'(\d+) in blocks that append', out)
    if not m:
        sys.exit('no abort counts in the program output:\n' + out)
    hot, cold = int(m.group(1)), int(m.group(2))
    if report['header']['aborts'] != hot + cold:
        sys.exit('profile has %d aborts, the program counted %d'
                 % (report['header']['aborts'], hot + cold))
    if report['pairs_total'] > len(report['pairs']):
        sys.exit('the report left pairs out')
    # Every abort is blamed on its block: the hot block's region is the line
    # before the ticket is taken.
    in_hot = sum(r['aborts'] for p in report['pairs'] for r in p['regions']
                 if r['site']['line'] == read_line - 1)
    if in_hot != hot:
        sys.exit('the report puts %d aborts in the hot block, the program '
                 'counted %d' % (in_hot, hot))
    if hot < 50:
        return 'only %d aborts in the hot block' % hot
    top = report['pairs'][0]
    site, other = top['site'], top['other_site']
    if (site['line'], site['kind'], other['line'], other['kind']) != \
            (read_line, 'read', write_line, 'write') or \
            site['what'] != 'struct server.requests' or \
            other['what'] != 'struct server.requests':
        return 'top pair is not the hot counter: %s vs %s' % (
            site['location'], other['location'])
    share = sum(p['wasted_percent_of_wasted'] for p in report['pairs']
                if p['site']['line'] in (read_line, write_line))
    abort_share = 100.0 * hot / (hot + cold)
    print('top pair: %s %s of %s <- %s %s of %s' % (
        site['location'], site['kind'], site['what'], other['location'],
        other['kind'], other['what']))
    print('hot counter: %.1f%% of wasted time in the report, %.1f%% of the '
          'aborts the program counted' % (share, abort_share))
    if abs(share - abort_share) > 10:
        return 'the shares differ by more than 10 points'
    return None


for n in range(3):
    why = attempt(n)
    if why is None:
        sys.exit(0)
    print('run %d: %s' % (n + 1, why))
sys.exit('no run agreed')
