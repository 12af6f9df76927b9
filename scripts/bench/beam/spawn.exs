# genrepl benchmark twin: spawn N processes that wait in receive (settled: all of them waiting).
# Usage: elixir --erl "+P 2000000 +S 1:1" spawn.exs N
defmodule B do
  def idle, do: (receive do :stop -> :ok end)
  def spawn_n(0), do: :ok
  def spawn_n(n), do: (spawn(&idle/0); spawn_n(n - 1))
  def drain, do: if(:erlang.statistics(:total_run_queue_lengths_all) > 0, do: (:erlang.yield(); drain()), else: :ok)
end
[n] = Enum.map(System.argv(), &String.to_integer/1)
:erlang.garbage_collect()
m0 = :erlang.memory(:processes)
t0 = System.monotonic_time(:microsecond)
B.spawn_n(n)
t1 = System.monotonic_time(:microsecond)
B.drain()
t2 = System.monotonic_time(:microsecond)
m1 = :erlang.memory(:processes)
IO.puts("RESULT bench=spawn n=#{n} spawn_us=#{t1 - t0} settle_us=#{t2 - t0} spawns_per_s=#{round(n / ((t1 - t0) / 1.0e6))} settled_per_s=#{round(n / ((t2 - t0) / 1.0e6))} bytes_per_proc=#{Float.round((m1 - m0) / n, 1)}")
