# genrepl benchmark twin: the article's MyKeyStore, N calls alternating put/get over 1,000 keys.
# Usage: elixir --erl "+S 1:1" keystore.exs N
defmodule MyKeyStore do
  use GenServer
  def init(_), do: {:ok, %{}}
  def handle_call({:put, k, v}, _from, state), do: {:reply, v, Map.put(state, k, v)}
  def handle_call({:get, k}, _from, state), do: {:reply, Map.get(state, k), state}
end
defmodule B do
  def mixed(_p, 0), do: :ok
  def mixed(p, n) do
    k = rem(n, 1000)
    ^n = GenServer.call(p, {:put, k, n})
    ^n = GenServer.call(p, {:get, k})
    mixed(p, n - 1)
  end
end
[n] = Enum.map(System.argv(), &String.to_integer/1)
{:ok, p} = GenServer.start_link(MyKeyStore, [])
{us, _} = :timer.tc(fn -> B.mixed(p, div(n, 2)) end)
IO.puts("RESULT bench=keystore n=#{n} mixed_us=#{us} mixed_calls_per_s=#{round(n / (us / 1.0e6))}")
