select reason, count(*) as records
from quarantine
group by reason
order by records desc, reason;
